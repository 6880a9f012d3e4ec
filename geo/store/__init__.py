"""Storage: extractions and corrections in and out of SQLite or PostgreSQL; search; users."""

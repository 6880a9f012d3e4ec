"""Views: extractions and corrections in; the atlas, filters, maps, exports and imports out."""

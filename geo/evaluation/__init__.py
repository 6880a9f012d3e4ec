"""Evaluation: benchmarks and gold folders in; scores out (readers, metrics, `evaluate`)."""

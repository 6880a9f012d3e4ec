"""Speed benchmarks of Delegation Atlas (issue 6): ``python -m benchmarks.run`` (``make bench``)."""

# The two commands of the README. Each installs what it needs first.
.PHONY: run test lint bench

run:
	bash scripts/setup.sh
	bash scripts/run.sh

test:
	bash scripts/setup.sh --dev
	bash scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/mypy

bench:
	bash scripts/setup.sh --dev
	.venv/bin/python -m benchmarks.run

.PHONY: bench

# Every benchmark in bench/, each printing its own figures; the warehouse one takes tens of minutes.
bench:
	uv run python bench/extraction.py
	uv run python bench/politeness.py
	uv run python bench/warehouse.py

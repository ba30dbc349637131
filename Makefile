.PHONY: demo test test-fast lint bench bench-orchestration score

# The README's two commands, and shortcuts for the work in between.
demo:
	uv run danvan demo

test:
	uv run pytest

test-fast:
	uv run pytest -m "not slow"

lint:
	uv run ruff check .
	uv run sqlfluff lint dbt_project/models dbt_project/tests

# The fact contract's scorer on the dev gold set; its last line is the figure.
score:
	uv run python ../shared/eval/score_facts.py ../shared/gold/dev.jsonl

# Every benchmark in bench/, each printing its own figures; the warehouse one takes tens of minutes.
bench:
	uv run python bench/extraction.py
	uv run python bench/politeness.py
	uv run python bench/warehouse.py
	uv run python bench/orchestration.py

# What a DAG run, a backfill and a native backfill (with DANVAN_TEST_PG_URL) cost on the replay sites.
bench-orchestration:
	uv run python bench/orchestration.py

"""Run by the tests inside an isolated environment holding only Superset's pinned DuckDB client set
(bi/superset/requirements.txt): open the published warehouse through duckdb-engine's SQLAlchemy URL,
as Superset does, list a table's columns and run queries. Prints JSON.

    python superset_probe.py WAREHOUSE QUERIES.json   # {"name": "select …", …} → {"name": [[row…]…], …}
"""

import json
import sys
from pathlib import Path

import duckdb
import sqlalchemy
from sqlalchemy import create_engine, inspect, text

warehouse, queries_file = sys.argv[1], sys.argv[2]
engine = create_engine(f"duckdb:///{warehouse}?access_mode=read_only")
queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
result = {
    "versions": [duckdb.__version__, sqlalchemy.__version__],
    "columns": [column["name"] for column in inspect(engine).get_columns("fct_statistics", schema="marts")],
}
with engine.connect() as connection:
    for name, sql in queries.items():
        result[name] = [list(row) for row in connection.execute(text(sql))]
print(json.dumps(result, default=str))

"""Superset's own settings for the danvan `bi` profile: its metadata in the compose PostgreSQL."""

import os
import sys

# compose passes these empty when .env leaves them out: only the `bi` profile needs them
SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or sys.exit("set SUPERSET_SECRET_KEY (see .env.example)")
SQLALCHEMY_DATABASE_URI = os.environ["SUPERSET_DATABASE_URI"]
# The DuckDB database is a file on the shared volume, replaced whole after every build: no connection
# is kept between queries, so each query opens the release current at that moment.
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
FEATURE_FLAGS = {"DASHBOARD_RBAC": True}

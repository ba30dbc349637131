"""Lint is part of the test suite, so style cannot drift: ruff for Python, sqlfluff for the dbt SQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_python_passes_ruff():
    done = subprocess.run([BIN / "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-5000:]


def test_dbt_sql_passes_sqlfluff():
    done = subprocess.run(
        [BIN / "sqlfluff", "lint", "dbt_project/models", "dbt_project/tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-5000:]

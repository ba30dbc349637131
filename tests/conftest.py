"""Shared fixtures: every test gets its own DANVAN_DATA_DIR."""

from __future__ import annotations

import pytest

from danvan.paths import DataDir


@pytest.fixture
def data(tmp_path, monkeypatch) -> DataDir:
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("DANVAN_DATA_DIR", str(root))
    return DataDir(root)

"""The replay sites and one backfill of their three days, shared by the end-to-end tests."""

from __future__ import annotations

import pytest
from pipeline_support import REPLAY_DAYS, danvan, replay_env

from danvan.paths import DataDir
from danvan.replay import ReplaySite


@pytest.fixture(scope="session")
def site():
    with ReplaySite() as replay:
        yield replay


@pytest.fixture(scope="session")
def backfilled(site, tmp_path_factory) -> DataDir:
    """The replay's three days, backfilled once through the DAG on the embedded deployment."""
    data = DataDir(tmp_path_factory.mktemp("embedded"))
    done = danvan("backfill", "--from", REPLAY_DAYS[0], "--to", REPLAY_DAYS[1], env=replay_env(data, site))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return data

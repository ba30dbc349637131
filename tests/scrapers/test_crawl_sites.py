"""Every shipped source, crawled against its fixture site on a local server, finds exactly the articles of
its window through its own discovery methods and lands each of them (the extraction tests check fields)."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from sitekit import FIXTURE_SITES, path_and_query

from scrapers.crawl import crawl_source
from scrapers.land import manifest_path, read_manifest
from scrapers.sources import load_sources

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SITES = sorted(path.parent.parent.name for path in FIXTURE_SITES.glob("*/discovery/expected.yaml"))
CHROMIUM = os.environ.get("DANVAN_CHROMIUM", "/usr/bin/chromium")


def windows(name: str) -> list[dict]:
    expected = FIXTURE_SITES / name / "discovery" / "expected.yaml"
    return yaml.safe_load(expected.read_text(encoding="utf-8"))["windows"]


WINDOWS = [(name, window) for name in SITES for window in windows(name)]


def test_every_shipped_source_has_a_fixture_site():
    assert set(load_sources(None)) <= set(SITES)


@pytest.mark.parametrize(("name", "window"), WINDOWS, ids=[f"{n}-{w['start']}" for n, w in WINDOWS])
def test_a_fixture_site_yields_exactly_the_articles_of_its_window(name, window, data, fixture_site, fast):
    source = fixture_site(name)
    if source.render and not os.access(CHROMIUM, os.X_OK):
        pytest.skip("rendering needs Chromium")
    first_day = date.fromisoformat(window["start"])
    start = datetime.combine(first_day, time(0), VIETNAM)

    summary = crawl_source(name, start, start + timedelta(days=window["days"]), data, config=fast)

    rows = read_manifest(manifest_path(data, name, first_day.isoformat()))
    assert sorted(path_and_query(row["url"]) for row in rows if not row["error"]) == sorted(
        window["articles"]
    )
    assert all(row["title"] and row["text"] and row["warc_file"] for row in rows if not row["error"])
    for warning in window.get("warnings", []):
        assert any(warning in line for line in summary.warnings), summary.warnings
    assert summary.landed == len(window["articles"])


def test_a_rerun_of_a_fixture_site_adds_no_duplicates(data, fixture_site, fast):
    fixture_site("hanoimoi")
    start = datetime(2019, 8, 19, tzinfo=VIETNAM)
    crawl_source("hanoimoi", start, start + timedelta(days=1), data, config=fast)

    crawl_source("hanoimoi", start, start + timedelta(days=1), data, config=fast)

    rows = read_manifest(manifest_path(data, "hanoimoi", "2019-08-19"))
    assert len(rows) == len({row["url"] for row in rows}) == 2


def test_a_legacy_windows_1258_page_without_a_charset_lands_as_nfc_vietnamese(data, fixture_site, fast):
    fixture_site("baocantho")
    start = datetime(2024, 9, 5, tzinfo=VIETNAM)

    crawl_source("baocantho", start, start + timedelta(days=1), data, config=fast)

    rows = {
        path_and_query(row["url"]): row
        for row in read_manifest(manifest_path(data, "baocantho", "2024-09-05"))
    }
    page = rows["/quan-ninh-kieu-tiep-nhan-va-xu-ly-don-thu-a170321.html"]
    assert page["title"] == "Quận Ninh Kiều tiếp nhận và xử lý đơn thư"
    assert "đạt tỷ lệ 89,2%" in page["text"]

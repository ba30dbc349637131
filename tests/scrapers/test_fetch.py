"""Fetching is polite (robots.txt, User-Agent, one connection and a rate limit per host) and survives
whatever a server does: every failure comes back as a result with a clear error, never an exception."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sitekit import FAST, Reply

from scrapers.fetch import (
    HTML_TYPES,
    USER_AGENT,
    FetchConfig,
    Fetcher,
    HostClock,
    backoff_delay,
    refusal_reason,
    retry_after_seconds,
)

PAGE = "<html><body><p>Trang tin dân vận</p></body></html>"


@pytest.fixture
def fetcher():
    with Fetcher(("127.0.0.1",), rate_limit=50, config=FAST) as session:
        yield session


def test_a_page_comes_back_with_its_raw_bytes_status_and_headers(server, fetcher):
    url = server.page("/bai.html", PAGE.encode("utf-8"), headers={"ETag": '"abc"'})

    result = fetcher.fetch(url)

    assert result.ok and result.status == 200 and result.error is None
    assert result.body == PAGE.encode("utf-8")
    assert result.content_type == "text/html; charset=utf-8"
    assert result.validators == {"etag": '"abc"'}


def test_requests_identify_the_crawler_with_a_contact_url(server, fetcher):
    fetcher.fetch(server.page("/bai.html", PAGE))

    assert server.hits[-1].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("danvan/") and "(+https://github.com/danvan-data/danvan)" in USER_AGENT


def test_404_is_an_error_without_retries(server, fetcher):
    result = fetcher.fetch(server.url("/khong-co.html"))

    assert result.error == "HTTP 404" and result.status == 404
    assert server.count("/khong-co.html") == 1


def test_500_then_200_succeeds_on_retry(server, fetcher):
    url = server.route("/bai.html", Reply(status=500), Reply(body=PAGE))

    result = fetcher.fetch(url)

    assert result.ok and result.body == PAGE.encode()
    assert result.attempts == 2 and server.count("/bai.html") == 2


def test_a_persistent_5xx_gives_up_after_the_configured_retries(server, fetcher):
    url = server.route("/bai.html", Reply(status=503))

    result = fetcher.fetch(url)

    assert result.error == "HTTP 503 (after 3 attempts)" and result.status == 503
    assert server.count("/bai.html") == FAST.retries + 1


def test_429_is_retried_after_the_retry_after_delay(server, fetcher):
    url = server.route("/bai.html", Reply(status=429, headers={"Retry-After": "1"}), Reply(body=PAGE))

    result = fetcher.fetch(url)

    first, second = [hit.at for hit in server.hits if hit.path == "/bai.html"]
    assert result.ok
    assert second - first >= 0.95


def test_retry_after_is_read_as_seconds_or_a_date_and_capped():
    assert retry_after_seconds("7", cap=120) == 7
    assert retry_after_seconds("86400", cap=120) == 120
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after_seconds(soon, cap=120) <= 30
    assert retry_after_seconds("không rõ", cap=120) is None


def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    delays = [backoff_delay(attempt, base=1.0, cap=60.0) for attempt in range(5)]
    assert all(2**n / 2 <= d <= 2**n + 0.5 for n, d in enumerate(delays))
    assert backoff_delay(20, base=1.0, cap=60.0) <= 60.0
    assert len({backoff_delay(3, base=1.0, cap=60.0) for _ in range(20)}) > 1


def test_a_read_timeout_is_retried_then_reported(server, fetcher):
    url = server.route("/cham.html", Reply(body=PAGE, action="stall", stall=1.0))

    result = fetcher.fetch(url)

    assert result.error == "read timeout (after 3 attempts)"
    assert result.status is None


def test_a_connection_reset_is_retried_then_reported(server, fetcher):
    url = server.route("/reset.html", Reply(action="reset"))

    result = fetcher.fetch(url)

    assert result.error is not None and result.error.startswith("connection reset")
    assert server.count("/reset.html") == FAST.retries + 1


def test_a_reset_once_then_a_page_succeeds(server, fetcher):
    url = server.route("/reset.html", Reply(action="reset"), Reply(body=PAGE))

    assert fetcher.fetch(url).ok


def test_a_truncated_body_is_retried_then_reported(server, fetcher):
    url = server.route("/cut.html", Reply(body=PAGE * 20, action="truncate"))

    result = fetcher.fetch(url)

    assert result.error == "truncated body (after 3 attempts)"
    assert result.body == b""


def test_a_non_html_page_is_refused_without_reading_it(server, fetcher):
    url = server.page("/van-ban.pdf", b"%PDF-1.4 " + b"x" * 1000, content_type="application/pdf")

    result = fetcher.fetch(url)

    assert result.error == "content type application/pdf is not accepted here"
    assert result.body == b""


def test_an_oversized_body_is_refused_by_its_declared_length(server, fetcher):
    url = server.page("/lon.html", b"a" * (FAST.max_body_bytes + 1))

    result = fetcher.fetch(url)

    assert result.error == f"body larger than {FAST.max_body_bytes} bytes refused"
    assert result.body == b""


def test_an_oversized_body_without_a_declared_length_is_cut_off(server):
    small = replace(FAST, max_body_bytes=1000)
    url = server.page("/lon.html", b"a" * 50_000, action="unsized")
    with Fetcher(("127.0.0.1",), rate_limit=50, config=small) as fetcher:
        result = fetcher.fetch(url)

    assert result.error == "body larger than 1000 bytes refused"


def test_a_redirect_within_the_allowed_hosts_is_followed(server, fetcher):
    server.route("/cu.html", Reply(status=301, headers={"Location": "/moi.html"}))
    server.page("/moi.html", PAGE)

    result = fetcher.fetch(server.url("/cu.html"))

    assert result.ok and result.final_url == server.url("/moi.html") and result.url == server.url("/cu.html")


def test_a_redirect_to_a_foreign_host_is_refused_and_not_followed(server, fetcher):
    url = server.route(
        "/ra-ngoai.html", Reply(status=302, headers={"Location": "https://quangcao.example/x"})
    )

    result = fetcher.fetch(url)

    assert result.error == (
        "redirect to https://quangcao.example/x refused: host quangcao.example is not an allowed host"
    )


def test_a_redirect_to_an_ip_literal_is_refused(server, fetcher):
    url = server.route("/noi-bo.html", Reply(status=302, headers={"Location": "http://10.0.0.8/admin"}))

    result = fetcher.fetch(url)

    assert (
        result.error == "redirect to http://10.0.0.8/admin refused: IP literal host 10.0.0.8 is not allowed"
    )


def test_a_redirect_to_a_host_resolving_to_a_private_address_is_refused(server):
    # "*.localhost" admits localhost by pattern only, so its address is checked: it is loopback.
    port = server.httpd.server_address[1]
    url = server.route("/noi-bo.html", Reply(status=302, headers={"Location": f"http://localhost:{port}/x"}))
    with Fetcher(("127.0.0.1", "*.localhost"), rate_limit=50, config=FAST) as fetcher:
        result = fetcher.fetch(url)

    assert result.error == (
        f"redirect to http://localhost:{port}/x refused: host localhost resolves to private address 127.0.0.1"
    )
    assert server.count("/x") == 0


def test_hosts_are_refused_unless_allowed_and_patterns_admit_subdomains():
    allowed = ("hanoimoi.vn", "*.dangcongsan.org.vn")
    assert refusal_reason("https://hanoimoi.vn/a.html", allowed) is None
    assert (
        refusal_reason("https://cdn.hanoimoi.vn/a.html", allowed)
        == "host cdn.hanoimoi.vn is not an allowed host"
    )
    assert refusal_reason("ftp://hanoimoi.vn/a", allowed) == "not an http(s) URL: ftp://hanoimoi.vn/a"
    assert refusal_reason("http://[::1]/a", allowed) == "IP literal host ::1 is not allowed"


def test_too_many_redirects_are_an_error(server, fetcher):
    url = server.route("/vong.html", Reply(status=302, headers={"Location": "/vong.html"}))

    result = fetcher.fetch(url)

    assert result.error == "more than 5 redirects"


def test_robots_txt_disallow_is_obeyed_and_the_page_never_requested(server, fetcher):
    server.page("/robots.txt", "User-agent: *\nDisallow: /rieng/\n", content_type="text/plain")
    url = server.page("/rieng/bai.html", PAGE)

    result = fetcher.fetch(url)

    assert result.error == "disallowed by robots.txt"
    assert server.count("/rieng/bai.html") == 0
    assert fetcher.fetch(server.page("/cong-khai.html", PAGE)).ok
    assert server.count("/robots.txt") == 1


def test_robots_txt_rules_for_danvan_apply(server, fetcher):
    server.page(
        "/robots.txt",
        "User-agent: danvan\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )

    assert fetcher.fetch(server.page("/bai.html", PAGE)).error == "disallowed by robots.txt"


def test_a_robots_txt_answering_5xx_puts_the_host_off_limits(server, fetcher):
    server.route("/robots.txt", Reply(status=503))

    result = fetcher.fetch(server.page("/bai.html", PAGE))

    assert result.error == "robots.txt answers HTTP 503, so the host is off limits"
    assert server.count("/bai.html") == 0


def test_robots_txt_crawl_delay_slows_the_host_down(server):
    server.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.3\n", content_type="text/plain")
    with Fetcher(("127.0.0.1",), rate_limit=50, config=FAST) as fetcher:
        for n in range(3):
            fetcher.fetch(server.page(f"/bai-{n}.html", PAGE))

    times = [hit.at for hit in server.hits if hit.path.startswith("/bai-")]
    assert times[2] - times[0] >= 0.55


def test_requests_to_one_host_keep_the_rate_limit_over_one_connection(server):
    with Fetcher(("127.0.0.1",), rate_limit=10, config=FAST) as fetcher:
        for n in range(5):
            assert fetcher.fetch(server.page(f"/bai-{n}.html", PAGE)).ok

    times = [hit.at for hit in server.hits]
    assert all(later - earlier >= 0.09 for earlier, later in pairwise(times))
    assert server.connections() == 1


# A separate process with a Fetcher of its own on the shared clock, as another Airflow task would be.
OTHER_PROCESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sitekit import FAST
    from scrapers.fetch import Fetcher, HostClock
    clock, *urls = sys.argv[1:]
    with Fetcher(("127.0.0.1",), rate_limit=5, config=FAST, clock=HostClock(Path(clock))) as fetcher:
        assert all(fetcher.fetch(url).ok for url in urls)
    """
)


def test_the_rate_limit_holds_across_fetchers_in_other_processes_sharing_the_host_clock(server, tmp_path):
    urls = [server.page(f"/bai-{n}.html", PAGE) for n in range(8)]
    clock = tmp_path / "hosts"
    others = [
        subprocess.Popen(
            [sys.executable, "-c", OTHER_PROCESS, str(clock), *urls[n::2]], cwd=Path(__file__).parent
        )
        for n in range(2)
    ]
    with Fetcher(("127.0.0.1",), rate_limit=5, config=FAST, clock=HostClock(clock)) as fetcher:
        assert all(fetcher.fetch(url).ok for url in urls[:3])
    assert [other.wait(timeout=60) for other in others] == [0, 0]

    times = sorted(hit.at for hit in server.hits)
    assert len(times) == 3 * 1 + 3 + 2 * 4  # each Fetcher asks for robots.txt once
    # Slots are 0.2 s apart; arrival at the server may slip by a scheduling delay on a loaded machine, while
    # three processes with clocks of their own would arrive nearly together.
    assert min(later - earlier for earlier, later in pairwise(times)) >= 0.15


def test_a_booking_made_before_the_clock_was_set_back_an_hour_does_not_hold_requests_up(tmp_path):
    clock = HostClock(tmp_path)
    clock.path("example.vn").write_text(repr(time.time() + 3600))

    assert clock.reserve("example.vn", 1.0) - time.time() <= 0.01


def test_hosts_are_limited_separately_so_they_can_be_fetched_in_parallel(servers):
    first, second = servers(), servers()
    urls = [first.page("/a.html", PAGE), second.page("/b.html", PAGE)]
    with Fetcher(("127.0.0.1",), rate_limit=1, config=FAST) as fetcher, ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        results = list(pool.map(fetcher.fetch, urls))
        elapsed = time.monotonic() - started

    # Each host's robots.txt and page are 1 s apart; one after the other the hosts would take 2 s.
    assert all(result.ok for result in results)
    assert 0.95 < elapsed < 1.6


def test_a_conditional_request_sends_the_validators_and_reports_not_modified(server, fetcher):
    url = server.route("/bai.html", Reply(status=304, content_type=None))

    result = fetcher.fetch(
        url, HTML_TYPES, {"etag": '"v1"', "last_modified": "Mon, 10 Mar 2025 02:00:00 GMT"}
    )

    assert result.not_modified and result.error is None and not result.ok
    assert server.hits[-1].headers["If-None-Match"] == '"v1"'


def test_settings_can_come_from_the_environment():
    config = FetchConfig.from_env({"DANVAN_FETCH_RETRIES": "0", "DANVAN_FETCH_READ_TIMEOUT": "2.5"})

    assert config.retries == 0 and config.read_timeout == 2.5 and config.connect_timeout == 10.0

"""Polite, robust HTTP fetching: one connection and a rate limit per host, robots.txt, retries, limits.

A fetch never raises for a page-level problem: it returns a FetchResult whose `error` says what went
wrong (HTTP status, timeout, reset, truncated or oversized body, refused redirect, robots.txt...), so one
bad page never stops a crawl. Redirects are followed by hand, one hop at a time, so every hop is checked
against the source's allowed hosts, robots.txt and the rate limit. Bodies are kept as raw bytes (they go
to WARC as received, minus transfer and content encodings); decoding them is extraction's business.
"""

from __future__ import annotations

import fcntl
import ipaddress
import os
import random
import re
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter

from scrapers.sources import host_allowed


def _package_version() -> str:
    try:
        return version("danvan")
    except PackageNotFoundError:
        return "0.0.0"


USER_AGENT = f"danvan/{_package_version()} (+https://github.com/danvan-data/danvan)"
ROBOTS_AGENT = "danvan"

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Feeds and sitemaps of these sites are often served as text/html or text/plain; the XML parser decides.
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/html",
    "text/plain",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
)
# The recorded headers must describe the body as stored, and requests removes these encodings.
DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class FetchConfig:
    """Timeouts, retries and limits; tests make them tiny, a deployment may set them through the env."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 120.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    obey_robots: bool = True
    render_timeout: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> FetchConfig:
        """Defaults, overridden by DANVAN_FETCH_{CONNECT_TIMEOUT,READ_TIMEOUT,RETRIES,BACKOFF,MAX_BYTES}."""
        settings = {
            "connect_timeout": ("DANVAN_FETCH_CONNECT_TIMEOUT", float),
            "read_timeout": ("DANVAN_FETCH_READ_TIMEOUT", float),
            "retries": ("DANVAN_FETCH_RETRIES", int),
            "backoff_base": ("DANVAN_FETCH_BACKOFF", float),
            "max_body_bytes": ("DANVAN_FETCH_MAX_BYTES", int),
        }
        values = {key: kind(environ[var]) for key, (var, kind) in settings.items() if environ.get(var)}
        return cls(**values)


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    fetched_at: datetime
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    content_type: str | None = None
    error: str | None = None
    not_modified: bool = False
    attempts: int = 0
    redirect_to: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    @property
    def validators(self) -> dict[str, str]:
        """ETag / Last-Modified to make the next fetch of this URL conditional."""
        found = {"etag": self.header("ETag"), "last_modified": self.header("Last-Modified")}
        return {key: value for key, value in found.items() if value}


class _Retry(Exception):
    """An attempt that may succeed if repeated (connection trouble, 5xx, 429), with its wait, if any."""

    def __init__(self, reason: str, wait: float | None = None, status: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait
        self.status = status


class _BodyTooLarge(Exception):
    pass


@dataclass
class _Host:
    session: requests.Session
    lock: threading.Lock = field(default_factory=threading.Lock)
    robots_lock: threading.Lock = field(default_factory=threading.Lock)
    robots: Protego | None = None
    robots_checked: bool = False
    robots_block: str | None = None


def media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() if content_type else None


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter: about base·2^attempt, never above cap."""
    exponential = min(cap, base * 2**attempt)
    return min(cap, exponential / 2 + random.uniform(0, exponential / 2 + base / 2))


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    """Retry-After as seconds (delta or HTTP date), capped so a hostile value cannot stall a crawl."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(cap, float(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(cap, max(0.0, (when - datetime.now(UTC)).total_seconds()))


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _non_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def refusal_reason(url: str, allowed_hosts: tuple[str, ...]) -> str | None:
    """Why a URL may not be fetched for a source, or None. Hosts named exactly in allowed_hosts are
    trusted; hosts admitted by a "*." pattern must not resolve to a private address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) URL: {url}"
    host = (parts.hostname or "").lower()
    if not host:
        return f"no host in {url}"
    if host in allowed_hosts:
        return None
    if _is_ip_literal(host):
        return f"IP literal host {host} is not allowed"
    if not host_allowed(host, allowed_hosts):
        return f"host {host} is not an allowed host"
    private = private_address(host)
    if private:
        return f"host {host} resolves to private address {private}"
    return None


@lru_cache(maxsize=1024)
def private_address(host: str) -> str | None:
    """A non-public address the host name resolves to, if any (None when it does not resolve: the
    request will then fail on its own)."""
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    private = sorted({info[4][0] for info in infos if _non_public(info[4][0])})
    return private[0] if private else None


# Bookings queue up at most a few workers' requests of one crawl-delay (≤ 60 s) each; one further ahead
# than this was made before the system clock was set back.
MAX_BOOKED_AHEAD = 600.0


class HostClock:
    """When each host may next be asked, shared by every Fetcher of a deployment, in one small file per
    host (under the state directory) read and written under an exclusive lock.

    A crawl's discover and fetch stages are separate Airflow tasks, each with a Fetcher of its own, and
    may run in separate processes or on separate workers, so the spacing a Fetcher keeps in memory ends
    with it; this clock carries it from one to the next. Wall-clock time, which every process shares."""

    def __init__(self, directory: Path):
        self.directory = directory

    def path(self, netloc: str) -> Path:
        return self.directory / (re.sub(r"[^A-Za-z0-9.-]", "_", netloc) + ".next")

    def reserve(self, netloc: str, interval: float) -> float:
        """Book the host's next request slot and return it (a time.time() value): the later of now and
        the previous booking plus `interval`."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self.path(netloc).open("a+", encoding="ascii") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            fh.seek(0)
            now = time.time()
            try:
                booked = float(fh.read().strip())
            except ValueError:  # no booking yet (or a torn file): nothing to wait for
                booked = 0.0
            if booked > now + MAX_BOOKED_AHEAD:
                booked = 0.0  # the clock was set back: that booking belongs to a time yet to come
            slot = max(now, booked + interval)
            fh.seek(0)
            fh.truncate()
            fh.write(repr(slot))
        return slot


class Fetcher:
    """Fetches URLs for one source, one connection and one rate limit per host; safe across threads. With
    a HostClock the rate limit also holds across Fetchers and processes."""

    def __init__(
        self,
        allowed_hosts: tuple[str, ...],
        rate_limit: float = 1.0,
        config: FetchConfig | None = None,
        clock: HostClock | None = None,
    ):
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)
        self.config = config or FetchConfig.from_env()
        self.clock = clock
        self.interval = 1.0 / rate_limit
        self._hosts: dict[str, _Host] = {}
        self._next_slot: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        for host in self._hosts.values():
            host.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refusal(self, url: str) -> str | None:
        return refusal_reason(url, self.allowed_hosts)

    def _host(self, netloc: str) -> _Host:
        with self._lock:
            host = self._hosts.get(netloc)
            if host is None:
                session = requests.Session()
                adapter = HTTPAdapter(pool_connections=1, pool_maxsize=1, pool_block=True, max_retries=0)
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                session.headers["User-Agent"] = self.config.user_agent
                host = self._hosts[netloc] = _Host(session)
            return host

    def _wait_turn(self, netloc: str) -> None:
        """Reserve this host's next request slot, sleep until it comes, and count the interval from the
        moment the request actually leaves, so a late thread never crowds the next request."""
        with self._lock:
            now = time.monotonic()
            interval = self._intervals.get(netloc, self.interval)
            slot = max(now, self._next_slot.get(netloc, now))
            self._next_slot[netloc] = slot + interval
        if slot > now:
            time.sleep(slot - now)
        with self._lock:
            self._next_slot[netloc] = max(self._next_slot[netloc], time.monotonic() + interval)
        if self.clock is not None:
            delay = self.clock.reserve(netloc, interval) - time.time()
            if delay > 0:
                time.sleep(delay)

    def fetch(
        self,
        url: str,
        accept: tuple[str, ...] | None = HTML_TYPES,
        validators: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """Fetch one URL following allowed redirects; never raises for what the server does."""
        current = url
        for _ in range(self.config.max_redirects + 1):
            reason = self.refusal(current)
            if reason:
                prefix = "refused" if current == url else f"redirect to {current} refused"
                return _failed(url, current, f"{prefix}: {reason}")
            blocked = self._robots_block(current)
            if blocked:
                return _failed(url, current, blocked)
            result = self._get(current, accept, validators if current == url else None)
            if result.redirect_to is None:
                return replace(result, url=url, final_url=current)
            current = urljoin(current, result.redirect_to)
        return _failed(url, current, f"more than {self.config.max_redirects} redirects")

    def _robots_block(self, url: str) -> str | None:
        if not self.config.obey_robots:
            return None
        parts = urlsplit(url)
        host = self._host(parts.netloc)
        with host.robots_lock:
            if not host.robots_checked:
                self._load_robots(parts.scheme, parts.netloc, host)
        if host.robots_block:
            return host.robots_block
        if host.robots is not None and not host.robots.can_fetch(url, ROBOTS_AGENT):
            return "disallowed by robots.txt"
        return None

    def _load_robots(self, scheme: str, netloc: str, host: _Host) -> None:
        """RFC 9309: a 4xx robots.txt allows everything, a 5xx forbids everything; unreachable, nothing."""
        robots_url = f"{scheme}://{netloc}/robots.txt"
        current = robots_url
        result = _failed(robots_url, robots_url, "no answer")
        for _ in range(self.config.max_redirects + 1):
            if self.refusal(current):
                break
            result = self._get(current, None, None)
            if result.redirect_to is None:
                break
            current = urljoin(current, result.redirect_to)
        host.robots_checked = True
        if result.ok:
            host.robots = Protego.parse(result.body.decode("utf-8", errors="replace"))
            delay = host.robots.crawl_delay(ROBOTS_AGENT)
            if delay:
                with self._lock:
                    self._intervals[netloc] = max(self.interval, min(float(delay), 60.0))
        elif result.status is not None and 500 <= result.status < 600:
            host.robots_block = f"robots.txt answers HTTP {result.status}, so the host is off limits"
        elif result.status is None and result.error:
            host.robots_block = f"host unreachable (robots.txt: {result.error})"

    def _get(
        self, url: str, accept: tuple[str, ...] | None, validators: Mapping[str, str] | None
    ) -> FetchResult:
        """One URL, no redirects followed, with retries on connection trouble, 5xx and 429."""
        netloc = urlsplit(url).netloc
        host = self._host(netloc)
        headers = {}
        if validators:
            if validators.get("etag"):
                headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                headers["If-Modified-Since"] = validators["last_modified"]
        config = self.config
        last = _Retry("no attempt")
        with host.lock:
            for attempt in range(config.retries + 1):
                if attempt:
                    wait = last.wait if last.wait is not None else 0.0
                    time.sleep(max(wait, backoff_delay(attempt - 1, config.backoff_base, config.backoff_cap)))
                self._wait_turn(netloc)
                fetched_at = datetime.now(UTC)
                try:
                    return replace(
                        self._attempt(host.session, url, accept, headers, fetched_at), attempts=attempt + 1
                    )
                except _Retry as retry:
                    last = retry
        return _failed(
            url,
            url,
            f"{last.reason} (after {config.retries + 1} attempts)",
            status=last.status,
            attempts=config.retries + 1,
        )

    def _attempt(
        self,
        session: requests.Session,
        url: str,
        accept: tuple[str, ...] | None,
        headers: dict[str, str],
        fetched_at: datetime,
    ) -> FetchResult:
        config = self.config
        try:
            response = session.get(
                url,
                headers=headers,
                timeout=(config.connect_timeout, config.read_timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            raise _Retry(_timeout_reason(exc)) from exc
        except requests.ConnectionError as exc:
            raise _Retry(_connection_reason(exc)) from exc
        with response:
            status = response.status_code
            recorded = tuple((k, v) for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS)
            content_type = response.headers.get("Content-Type")
            base = FetchResult(
                url, url, fetched_at, status=status, headers=recorded, content_type=content_type
            )
            if not 200 <= status < 300:
                _drain(response)
            if status == 429 or 500 <= status < 600:
                wait = retry_after_seconds(response.headers.get("Retry-After"), config.retry_after_cap)
                raise _Retry(f"HTTP {status}", wait=wait, status=status)
            if status == 304:
                return replace(base, not_modified=True)
            if 300 <= status < 400:
                location = response.headers.get("Location")
                if not location:
                    return replace(base, error=f"HTTP {status} without a Location header")
                return replace(base, redirect_to=location)
            if not 200 <= status < 300:
                return replace(base, error=f"HTTP {status}")
            kind = media_type(content_type) or ""
            if accept is not None and kind not in accept:
                return replace(base, error=f"content type {kind or '(none)'} is not accepted here")
            try:
                body = _read_body(response, config.max_body_bytes)
            except _BodyTooLarge:
                return replace(base, error=f"body larger than {config.max_body_bytes} bytes refused")
            except requests.exceptions.ContentDecodingError as exc:
                return replace(base, error=f"body cannot be decoded: {exc.__class__.__name__}")
            except requests.exceptions.ChunkedEncodingError as exc:
                raise _Retry(_body_reason(exc), status=status) from exc
            except requests.ConnectionError as exc:
                raise _Retry(_connection_reason(exc), status=status) from exc
            return replace(base, body=body)


def _drain(response: requests.Response, limit: int = 64 * 1024) -> None:
    """Read a short error or redirect body so its connection can be reused; a long one is dropped."""
    size = 0
    try:
        for chunk in response.iter_content(8192):
            size += len(chunk)
            if size > limit:
                return
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
        return


def _read_body(response: requests.Response, limit: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _timeout_reason(exc: requests.Timeout) -> str:
    return "connect timeout" if isinstance(exc, requests.ConnectTimeout) else "read timeout"


def _connection_reason(exc: requests.ConnectionError) -> str:
    text = str(exc).lower()
    if "read timed out" in text:
        return "read timeout"
    if "refused" in text:
        return "connection refused"
    if "reset" in text or "aborted" in text or "broken pipe" in text:
        return "connection reset"
    if "name or service not known" in text or "name resolution" in text or "nodename" in text:
        return "host name not found"
    if "remote end closed" in text or "remotedisconnected" in text:
        return "connection closed without a response"
    return "connection error"


def _body_reason(exc: requests.exceptions.ChunkedEncodingError) -> str:
    text = str(exc).lower()
    if "reset" in text:
        return "connection reset while reading the body"
    return "truncated body"


def _failed(
    url: str, final_url: str, error: str, status: int | None = None, attempts: int = 0
) -> FetchResult:
    return FetchResult(url, final_url, datetime.now(UTC), status=status, error=error, attempts=attempts)

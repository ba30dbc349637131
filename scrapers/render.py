"""Fetch JavaScript applications through headless Chromium, for sources whose YAML entry sets `render`.

Some sources (tuyengiaodanvan.vn) send an empty shell and build links and articles in the browser. We
drive the system's Chromium (Debian package `chromium`) through Playwright with its executable path,
because Playwright's own browser download is not available everywhere we run. Requests to hosts outside
the source's allowed hosts are aborted, so a rendered page cannot make the crawler talk to other sites,
and images, media and fonts are never downloaded.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Playwright, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
_SKIPPED_RESOURCES = frozenset({"image", "media", "font"})


class RenderError(RuntimeError):
    """The browser could not be started or the page could not be loaded; the message says which."""


@dataclass(frozen=True)
class RenderedPage:
    url: str
    final_url: str
    status: int | None
    html: bytes
    blocked_urls: tuple[str, ...] = ()


def chromium_executable(chromium_path: str | None = None) -> str:
    """The Chromium binary to drive: the argument, else $DANVAN_CHROMIUM, else Debian's /usr/bin/chromium."""
    path = chromium_path or os.environ.get("DANVAN_CHROMIUM") or DEFAULT_CHROMIUM
    if not os.access(path, os.X_OK):
        raise RenderError(f"no Chromium at {path} (install Debian's chromium package or set DANVAN_CHROMIUM)")
    return path


def _host_allowed(url: str, allowed_hosts: Collection[str] | None) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    if allowed_hosts is None:
        return True
    host = (parts.hostname or "").lower()
    return any(host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts)


class Renderer:
    """One headless Chromium reused for many pages; use as a context manager, one per thread at a time
    (Playwright's sync API runs its own event loop in the thread that starts it)."""

    def __init__(
        self,
        chromium_path: str | None = None,
        user_agent: str | None = None,
        allowed_hosts: Collection[str] | None = None,
    ) -> None:
        self.executable = chromium_executable(chromium_path)
        self.user_agent = user_agent
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def __enter__(self) -> Renderer:
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable, headless=True, args=list(CHROMIUM_FLAGS)
            )
        except PlaywrightError as err:
            self._playwright.stop()
            raise RenderError(f"could not start Chromium at {self.executable}: {err.message}") from err
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()

    def render(self, url: str, timeout: float = 30.0) -> RenderedPage:
        """The page's DOM after its scripts ran and the network went quiet (or `timeout` seconds passed)."""
        if self._browser is None:
            raise RenderError("Renderer used outside its `with` block")
        deadline = time.monotonic() + timeout
        blocked: list[str] = []

        def route(route: Route) -> None:
            request = route.request
            if request.resource_type in _SKIPPED_RESOURCES:
                route.abort()
            elif not _host_allowed(request.url, self.allowed_hosts):
                blocked.append(request.url)
                route.abort()
            else:
                route.continue_()

        context = self._browser.new_context(user_agent=self.user_agent, service_workers="block")
        try:
            page = context.new_page()
            page.route("**/*", route)
            try:
                response = page.goto(url, wait_until="load", timeout=timeout * 1000)
            except PlaywrightError as err:
                raise RenderError(f"could not load {url}: {err.message.splitlines()[0]}") from err
            remaining_ms = max(deadline - time.monotonic(), 0.1) * 1000
            # A page that keeps polling never goes idle; what it has rendered by the deadline is kept.
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_load_state("networkidle", timeout=remaining_ms)
            html = page.content()
            return RenderedPage(
                url=url,
                final_url=page.url,
                status=response.status if response else None,
                html=html.encode("utf-8"),
                blocked_urls=tuple(blocked),
            )
        finally:
            context.close()


def render_page(
    url: str,
    timeout: float = 30.0,
    chromium_path: str | None = None,
    user_agent: str | None = None,
    allowed_hosts: Collection[str] | None = None,
) -> bytes:
    """The rendered HTML of one page (UTF-8), starting and stopping a browser for it."""
    with Renderer(chromium_path, user_agent=user_agent, allowed_hosts=allowed_hosts) as renderer:
        return renderer.render(url, timeout).html

"""Fixtures for the scrapers tests: local servers, test sources, fixture sites (see sitekit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sitekit import FAST, SiteServer, write_sources

from danvan.paths import DataDir
from scrapers.fetch import FetchConfig
from scrapers.sources import Source, load_sources, load_sources_and_errors


@pytest.fixture
def server() -> Iterator[SiteServer]:
    site = SiteServer()
    yield site
    site.close()


@pytest.fixture
def servers() -> Iterator[Callable[[], SiteServer]]:
    """Several servers (several hosts) for one test."""
    started: list[SiteServer] = []

    def start() -> SiteServer:
        started.append(SiteServer())
        return started[-1]

    yield start
    for site in started:
        site.close()


@pytest.fixture
def make_source(data: DataDir, server: SiteServer) -> Callable[..., Source]:
    """A source named `testsite` on the local server; discovery defaults to one feed at /feed.rss."""

    def make(discovery: list[dict] | None = None, name: str = "testsite", **fields: object) -> Source:
        entry = {
            "name": name,
            "title": "Trang thử nghiệm",
            "base_url": server.url("/"),
            "allowed_hosts": ["127.0.0.1"],
            "discovery": discovery or [{"kind": "rss", "url": server.url("/feed.rss")}],
            "rate_limit": 50,
            **fields,
        }
        write_sources(data, [entry], f"{name}.yaml")
        sources, errors = load_sources_and_errors(data)
        assert not errors, errors
        return sources[name]

    return make


@pytest.fixture
def fixture_site(data: DataDir, server: SiteServer) -> Callable[[str], Source]:
    """Serve a shipped source's fixture site locally; its entry is overridden to point at the server."""

    def serve(name: str) -> Source:
        shipped = load_sources(None)[name]
        server.serve_site(shipped)
        rewritten = [
            {
                key: server.rewrite(value.encode(), shipped.allowed_hosts).decode() if key == "url" else value
                for key, value in method.__dict__.items()
                if value is not None
            }
            for method in shipped.discovery
        ]
        override = {
            "name": name,
            "base_url": server.url("/"),
            "allowed_hosts": ["127.0.0.1"],
            "discovery": rewritten,
            "rate_limit": 50,
        }
        write_sources(data, [override], f"{name}-local.yaml")
        return load_sources(data)[name]

    return serve


@pytest.fixture
def fast() -> FetchConfig:
    return FAST

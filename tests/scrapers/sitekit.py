"""A real HTTP server on 127.0.0.1 that serves fixture sites and misbehaves on request.

Routes answer with a sequence of replies (the last one repeats), so "500 then 200" is two replies. A
reply can reset the connection, truncate its body or stall before answering. Fixture sites are served
from tests/fixtures/sites/<source>/: `discovery/routes.yaml` maps URL paths to files, each article's
JSON sidecar names its URL; every occurrence of the source's real hosts is rewritten to the local server,
and the source is pointed at the server through a deployment override in $DANVAN_DATA_DIR/sources.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from danvan.paths import DataDir
from scrapers.discover import normalise_url
from scrapers.fetch import FetchConfig
from scrapers.sources import Source

FIXTURE_SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"

# Tiny delays so that retries, timeouts and backoff cost milliseconds in tests.
FAST = FetchConfig(
    connect_timeout=1.0,
    read_timeout=0.4,
    retries=2,
    backoff_base=0.01,
    backoff_cap=0.05,
    retry_after_cap=2.0,
    max_body_bytes=300_000,
)


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    action: str | None = None  # "reset", "truncate", "stall" or "unsized" (no Content-Length)
    stall: float = 0.0

    @property
    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    client: tuple[str, int]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up mid-answer are what several tests do on purpose."""


class SiteServer:
    """Serves routes on 127.0.0.1:<free port>; records every request it receives."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._answer(self)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def route(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies) or [Reply()]
        return self.url(path)

    def page(self, path: str, body: bytes | str, **reply: object) -> str:
        return self.route(path, Reply(body=body, **reply))

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    def connections(self) -> int:
        return len({hit.client for hit in self.hits})

    def _reply_for(self, path: str) -> Reply | None:
        key = path if path in self.routes else urlsplit(path).path
        replies = self.routes.get(key)
        if not replies:
            return None
        with self._lock:
            served = self._served.get(key, 0)
            self._served[key] = served + 1
        return replies[min(served, len(replies) - 1)]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.hits.append(Hit(time.monotonic(), handler.path, dict(handler.headers), handler.client_address))
        reply = self._reply_for(handler.path) or Reply(status=404, body="<h1>Không tìm thấy trang</h1>")
        try:
            self._send(handler, reply)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    def _send(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.action == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            handler.connection.close()
            return
        if reply.action == "stall":
            time.sleep(reply.stall)
        payload = reply.payload
        handler.send_response(reply.status)
        if reply.content_type:
            handler.send_header("Content-Type", reply.content_type)
        if reply.action == "unsized":
            handler.send_header("Connection", "close")
            handler.close_connection = True
        else:
            declared = len(payload) * 2 if reply.action == "truncate" else len(payload)
            handler.send_header("Content-Length", str(declared))
        for key, value in reply.headers.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(payload)
        handler.wfile.flush()
        if reply.action == "truncate":
            handler.close_connection = True

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # --- fixture sites ---------------------------------------------------------------------------------

    def rewrite(self, body: bytes, hosts: tuple[str, ...]) -> bytes:
        for host in sorted(hosts, key=len, reverse=True):
            for scheme in (b"https://", b"http://"):
                body = body.replace(scheme + host.encode(), self.origin.encode())
        return body

    def serve_site(self, source: Source) -> None:
        """Serve tests/fixtures/sites/<source>/ with the source's real hosts rewritten to this server."""
        site = FIXTURE_SITES / source.name
        routes_file = site / "discovery" / "routes.yaml"
        routes = yaml.safe_load(routes_file.read_text(encoding="utf-8")) if routes_file.exists() else {}
        for path, spec in (routes or {}).items():
            spec = {"file": spec} if isinstance(spec, str) else dict(spec)
            body = (site / "discovery" / spec.pop("file")).read_bytes() if "file" in spec else b""
            kind = spec.pop("content_type", _content_type(path, spec))
            self.route(path, Reply(body=self.rewrite(body, source.allowed_hosts), content_type=kind, **spec))
        for sidecar in sorted((site / "articles").glob("*.json")):
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            page = sidecar.with_suffix(".html")
            if "url" not in meta or not page.exists():
                continue
            body = self.rewrite(page.read_bytes(), source.allowed_hosts)
            self.route(path_and_query(meta["url"]), Reply(body=body, content_type=meta.get("content_type")))


def path_and_query(url: str) -> str:
    """The route of a URL as the crawler asks for it (tracking parameters dropped)."""
    parts = urlsplit(normalise_url(url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _content_type(path: str, spec: dict) -> str:
    suffix = Path(urlsplit(path).path).suffix
    return {
        ".rss": "application/rss+xml; charset=utf-8",
        ".xml": "application/xml; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }.get(suffix, "text/html; charset=utf-8")


def write_sources(data: DataDir, entries: list[dict], file: str = "local.yaml") -> Path:
    data.sources.mkdir(parents=True, exist_ok=True)
    path = data.sources / file
    path.write_text(
        yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def rss(*items: tuple[str, str], title: str = "Tin mới") -> str:
    """An RSS 2.0 feed of (link, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{title} {n}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for n, (link, date) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Thử</title>'
        f"{entries}</channel></rss>"
    )


def article(title: str, when: str, body: str = "Nội dung bài viết về công tác dân vận chính quyền.") -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<meta property="article:published_time" content="{when}"></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p><p>{body} Thêm một câu nữa cho đủ dài.</p>"
        "</article></body></html>"
    )

"""Small real HTTP servers the API tests fetch from: images, redirects, a drip feed, 503s."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


class Routes:
    """path -> handler(request_handler); a handler writes the whole response."""

    def __init__(self):
        self.routes = {}
        self.hits: list[str] = []

    def add(self, path: str, handler) -> None:
        self.routes[path] = handler

    def file(self, path: str, body: bytes, content_type: str = "application/octet-stream"):
        def handler(h):
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        self.add(path, handler)

    def redirect(self, path: str, location: str, status: int = 302):
        def handler(h):
            h.send_response(status)
            h.send_header("Location", location)
            h.send_header("Content-Length", "0")
            h.end_headers()

        self.add(path, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - http.server's naming
        path = unquote(urlsplit(self.path).path)
        self.server.routes.hits.append(path)
        handler = self.server.routes.routes.get(path)
        if handler is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            handler(self)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


class LocalServer:
    def __init__(self, routes: Routes, host: str = "127.0.0.1"):
        self.routes = routes
        self.httpd = ThreadingHTTPServer((host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = routes
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def drip(total_bytes: int = 1_000_000, interval: float = 0.2):
    """A server that promises a body and then sends one byte per ``interval``."""

    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "image/png")
        h.send_header("Content-Length", str(total_bytes))
        h.end_headers()
        h.wfile.write(b"\x89PNG\r\n\x1a\n")
        h.wfile.flush()
        for _ in range(total_bytes):
            time.sleep(interval)
            h.wfile.write(b"\0")
            h.wfile.flush()

    return handler


def endless(chunk: bytes = b"\xff\xd8\xff" + b"\0" * 65533):
    """A server that streams an unbounded body without a Content-Length."""

    def handler(h):
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        h.send_header("Connection", "close")
        h.end_headers()
        for _ in range(1000):  # 64 MB at most
            h.wfile.write(chunk)

    return handler

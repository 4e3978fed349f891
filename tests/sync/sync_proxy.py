"""A misbehaving HTTP proxy on loopback, in front of the real portal (tests only).

Each request, at random (seeded): dropped before it reaches the portal, dropped after
the portal handled it (the desk never hears the answer), answered 500 instead of
forwarded, answered 500 after the portal handled it, or held past the client's
timeout. The portal itself is not modified.
"""

from __future__ import annotations

import http.client
import random
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "te",
               "upgrade", "content-length", "host"}


class FaultyProxy:
    def __init__(self, upstream: str, *, seed: int = 7, drop: float = 0.2, error: float = 0.1,
                 slow: float = 0.05, slow_seconds: float = 2.0,
                 tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(upstream)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.random = random.Random(seed)
        self.rates = (drop, error, slow)
        self.slow_seconds = slow_seconds
        self.counts = {"forwarded": 0, "dropped": 0, "error": 0, "slow": 0}
        self.enabled = True
        self.down = False  # the line is cut: nothing reaches the portal
        self._lock = threading.Lock()
        self._stop = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _any(self) -> None:
                proxy.handle(self)

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _any

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a desk that gave up on a stalled answer resets the connection

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:  # a TLS front, as a real portal has
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.base_url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultyProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def _fate(self) -> str:
        if self.down:
            return "drop_before"
        if not self.enabled:
            return "forward"
        drop, error, slow = self.rates
        with self._lock:
            r = self.random.random()
            late = self.random.random() < 0.5
        if r < drop:
            return "drop_after" if late else "drop_before"
        if r < drop + error:
            return "error_after" if late else "error_before"
        if r < drop + error + slow:
            return "slow"
        return "forward"

    def _count(self, key: str) -> None:
        with self._lock:
            self.counts[key] += 1

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else None
        fate = self._fate()
        if fate == "drop_before":
            self._count("dropped")
            h.close_connection = True
            return
        if fate == "error_before":
            self._count("error")
            self._send(h, 500, {"Content-Type": "text/plain"}, b"injected failure")
            return
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            headers = {k: v for k, v in h.headers.items() if k.lower() not in HOP_HEADERS}
            conn.request(h.command, h.path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            resp_headers = {k: v for k, v in resp.getheaders() if k.lower() not in HOP_HEADERS}
            status = resp.status
        except OSError:
            self._count("dropped")
            h.close_connection = True
            return
        finally:
            conn.close()
        if fate == "drop_after":
            self._count("dropped")
            h.close_connection = True
            return
        if fate == "error_after":
            self._count("error")
            self._send(h, 500, {"Content-Type": "text/plain"}, b"injected failure")
            return
        if fate == "slow":
            self._count("slow")
            self._stop.wait(self.slow_seconds)  # past the client's read timeout
        self._count("forwarded")
        self._send(h, status, resp_headers, data, head=h.command == "HEAD")

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, headers: dict[str, str], data: bytes,
              head: bool = False) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            if not head:
                h.wfile.write(data)
        except OSError:
            h.close_connection = True

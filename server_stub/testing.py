"""Run the portal in this process for tests and the embedded demo.

    with run_portal() as portal:           # a fresh SQLite file, seeded with the demo
        requests.get(portal.base_url + "/api/v1/procedures")
        portal.stop(); portal.start()      # same port, same database (fault tests)
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

from desk_app.protocol import API_PREFIX
from server_stub.app import create_app


class PortalUnavailable(RuntimeError):
    """The portal did not come up (or go down) in time."""


class RunningPortal:
    def __init__(self, app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _socket(self) -> socket.socket:
        # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say TCP, and
        # without it every keep-alive request waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        return sock

    def start(self, timeout: float = 15.0) -> None:
        if self.running:
            return
        sock = self._socket()
        # proxy_headers off: the portal itself decides which proxies to trust.
        config = uvicorn.Config(self.app, log_level="warning", access_log=False,
                                proxy_headers=False,
                                lifespan="off", timeout_graceful_shutdown=2)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name=f"portal-{self.port}", daemon=True)
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.started:
                try:
                    with urllib.request.urlopen(self.api_url + "/health", timeout=1) as r:
                        if r.status == 200:
                            return
                except (urllib.error.URLError, OSError):
                    pass
            if not thread.is_alive():
                break
            time.sleep(0.02)  # polling for readiness, with a deadline
        raise PortalUnavailable(f"the portal on {self.base_url} did not start")

    def stop(self, timeout: float = 10.0) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(timeout)
        self._server = self._thread = None


@contextmanager
def run_portal(db_url: str | None = None, seed: str | None = "demo",
               **kw: Any) -> Iterator[RunningPortal]:
    """Start the portal on a free 127.0.0.1 port; with no URL, on a new SQLite file."""
    with tempfile.TemporaryDirectory(prefix="portal-") as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'portal.sqlite3'}"
        app = create_app(url, seed=seed, **kw)
        running = RunningPortal(app)
        try:
            running.start()
            yield running
        finally:
            running.stop()
            app.state.portal.close()

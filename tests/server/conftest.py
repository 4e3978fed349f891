"""Fixtures of the portal tests: a controllable clock, one real portal per module on a free
loopback port (SQLite, and PostgreSQL when DESK_TEST_PG_URL is set), an SMTP listener."""

from __future__ import annotations

import os
import secrets
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))

from server_support import PG_ENV, Api, Clock, Mailbox

from server_stub.db import make_engine


def backends() -> list[Any]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Any]:
    """Makes fresh PostgreSQL databases on demand; drops them all after the session."""
    base = os.environ.get(PG_ENV)
    made: list[str] = []

    def make() -> str:
        if not base:
            pytest.skip(f"{PG_ENV} is not set: no PostgreSQL for this run")
        name = f"desk_test_{os.getpid()}_{len(made)}_{secrets.token_hex(3)}"
        admin = make_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    yield make
    if made and base:
        admin = make_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def db_url(backend: str, tmp_path_factory: pytest.TempPathFactory, pg_databases: Any) -> str:
    if backend == "postgresql":
        return pg_databases()
    return f"sqlite:///{tmp_path_factory.mktemp('portal') / 'portal.sqlite3'}"


@pytest.fixture(scope="module")
def clock(backend: str) -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def portal(db_url: str, clock: Clock, smtp: Any) -> Iterator[Any]:
    from server_stub.testing import run_portal

    smtp[0].messages.clear()
    with run_portal(db_url, seed="demo", smtp=smtp[1], clock=clock) as running:
        yield running


@pytest.fixture(scope="module")
def api(portal: Any) -> Iterator[Api]:
    client = Api(portal.base_url)
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Mailbox, tuple[str, int]]]:
    """A real SMTP listener on loopback (aiosmtpd)."""
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, ("127.0.0.1", port)
    controller.stop()

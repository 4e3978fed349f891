"""Fixtures of the sync tests: an in-memory keyring, the real portal, desks, a faulty proxy."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from desk_app.store import BlobStore, Store
from sync.client import PortalClient
from sync.engine import SyncEngine
from sync.keyring_memory import MemoryKeyring
from sync.state import OfflineLimits


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def _postgres_url() -> Iterator[str]:
    """A fresh database on the server named by DESK_TEST_PG_URL, dropped afterwards."""
    import sqlalchemy

    admin_url = sqlalchemy.engine.make_url(os.environ["DESK_TEST_PG_URL"])
    if admin_url.drivername in ("postgresql", "postgres"):
        admin_url = admin_url.set(drivername="postgresql+psycopg2")  # the driver we ship
    name = "desk_sync_" + uuid.uuid4().hex[:10]
    engine = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/portal.db"
        return
    if not os.environ.get("DESK_TEST_PG_URL"):
        pytest.skip("DESK_TEST_PG_URL is not set")
    yield from _postgres_url()


@pytest.fixture
def portal(db_url, memory_keyring):
    """The portal with units, procedures and officers (the "minimal" seed: quick)."""
    from server_stub.testing import run_portal

    with run_portal(db_url=db_url, seed="minimal") as running:
        yield running


@pytest.fixture
def demo_portal(db_url, memory_keyring):
    """The portal with the demo seed: dossiers in every state."""
    from server_stub.testing import run_portal

    with run_portal(db_url=db_url, seed="demo") as running:
        yield running


@pytest.fixture
def sqlite_portal(tmp_path, memory_keyring):
    """The portal on SQLite only: for fault tests that need not run twice."""
    from server_stub.testing import run_portal

    with run_portal(db_url=f"sqlite:///{tmp_path}/portal.db", seed="minimal") as running:
        yield running


@dataclass
class Desk:
    store: Store
    client: PortalClient
    blobs: BlobStore
    engine: SyncEngine
    root: Path


@pytest.fixture
def make_desk(tmp_path, memory_keyring) -> Iterator[Callable[..., Desk]]:
    made: list[Desk] = []

    def make(base_url: str, name: str = "desk", *, timeout: float = 5.0, retries: int = 3,
             limits: OfflineLimits | None = None, encrypted: bool = True,
             **engine_kw) -> Desk:
        root = tmp_path / name
        # As the application opens it: encrypted, its key in the (in-memory) keyring.
        store = (Store.open_encrypted if encrypted else Store)(root / "desk.sqlite3")
        blobs = BlobStore(root / "blobs", store.blob_key())
        client = PortalClient(base_url, timeout=timeout, retries=retries, backoff=0.05,
                              max_backoff=0.3, keyring_service=f"desk-app-test-{name}")
        desk = Desk(store, client, blobs, SyncEngine(store, client, blobs, limits, **engine_kw),
                    root)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.store.close()

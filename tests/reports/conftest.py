"""Fixtures of the reports tests: a store holding the hand-counted history."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from reports_history import History, prepare, vn

from desk_app.protocol import API_PREFIX
from desk_app.reports import periods
from desk_app.store import Store


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    store = Store(tmp_path_factory.mktemp("reports") / "desk.sqlite3")
    prepare(store)
    h = History(store).build()
    yield h
    store.close()


@pytest.fixture(scope="module")
def november(history):
    from desk_app.reports import build_report

    return build_report(history.store, history.unit.agency_id, periods.month(2026, 11),
                        as_of=vn(2026, 12, 5, 12), viewer_is_leader=True)


@pytest.fixture
def memory_keyring():
    import keyring

    from sync.keyring_memory import MemoryKeyring

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def portal(tmp_path):
    """The real portal service on a loopback port, with the reports router mounted."""
    from server_stub.app import create_app
    from server_stub.reports import router
    from server_stub.testing import RunningPortal

    app = create_app(f"sqlite:///{tmp_path / 'portal.sqlite3'}", seed="demo")
    app.include_router(router, prefix=API_PREFIX)
    running = RunningPortal(app)
    running.start()
    yield running
    running.stop()
    app.state.portal.close()


@pytest.fixture
def client_for(portal, memory_keyring):
    """A signed-in sync client of the demo portal for a demo officer (password "demo")."""
    from sync.client import PortalClient

    def make(username: str, **kw):
        client = PortalClient(portal.base_url, keyring_service="desk-app-reports-test",
                              **({"retries": 1, "backoff": 0.01, "timeout": 2} | kw))
        client.login(username, "demo")
        return client

    return make

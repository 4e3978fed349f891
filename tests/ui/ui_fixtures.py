"""Fixtures shared by the UI and end-to-end tests: a real portal service on a loopback
port, offscreen Qt, credentials in memory. Each conftest imports them by name."""

from __future__ import annotations

import pytest
from ui_harness import open_desk


@pytest.fixture(autouse=True)
def gc_on_gui_thread():
    """As the application does (ui.threads.GuiThreadCollector): no cycle collection on
    pool threads during a test; collect on the GUI thread when it ends."""
    import gc

    from ui_harness import settle

    was = gc.isenabled()
    gc.disable()
    yield
    settle()
    if was:
        gc.enable()


@pytest.fixture(autouse=True)
def memory_keyring():
    """Credentials in memory for each test: never the machine's real keychain."""
    import keyring

    from sync.keyring_memory import MemoryKeyring

    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def portal(tmp_path):
    from server_stub.testing import run_portal

    with run_portal(f"sqlite:///{tmp_path / 'portal.sqlite3'}", seed="demo") as running:
        yield running


@pytest.fixture
def desk_for(qtbot, portal, tmp_path):
    opened = []

    def make(username: str, **settings):
        desk = open_desk(qtbot, portal.base_url, username, tmp_path / username, **settings)
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.close()


@pytest.fixture
def local_desk(qtbot, tmp_path):
    from ui_harness import open_local

    opened = []

    def make(username: str = "motcua", **kw):
        desk = open_local(qtbot, tmp_path / f"local-{username}", username, **kw)
        opened.append(desk)
        return desk

    yield make
    for desk in opened:
        desk.close()

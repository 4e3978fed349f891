"""Fixtures of the core tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from core_samples import COMMUNE, DEPARTMENT, DISTRICT, procedure_for

from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE, Store


@pytest.fixture
def memory_keyring():
    """Keys in memory for each test: never the machine's real keychain."""
    import keyring

    from sync.keyring_memory import MemoryKeyring

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


@pytest.fixture
def store(tmp_path, memory_keyring) -> Store:
    # As the application opens it: encrypted, its key in the (in-memory) keyring.
    s = Store.open_encrypted(tmp_path / "desk.sqlite3")
    for unit in (DEPARTMENT, DISTRICT, COMMUNE):
        s.put_unit(unit)
        s.put_procedure(procedure_for(unit))
        for day in ("261125", "261126", "261127", "261128", "261129", "261130", "261201"):
            s.add_lease(DOSSIER_LEASE, unit.agency_id, day, 1, 50)
        s.add_lease(REGISTER_LEASE, unit.agency_id, "2026", 1, 50)
    yield s
    s.close()

"""The process the kill test SIGKILLs: it opens the desk's store and pushes the outbox."""

from __future__ import annotations

from typing import Any

from desk_app.domain import officer_from_dict, unit_from_dict
from desk_app.store import BlobStore, Store
from sync.client import PortalClient
from sync.engine import SyncEngine
from sync.state import SyncReport


def push(store_path: str, blobs_path: str, base_url: str, token: str,
         officer: dict[str, Any], unit: dict[str, Any], batch_size: int,
         pushing: Any) -> None:
    store = Store(store_path)
    client = PortalClient(base_url, timeout=5.0, retries=2, backoff=0.05)
    client.adopt(token, officer_from_dict(officer), unit_from_dict(unit))
    engine = SyncEngine(store, client, BlobStore(blobs_path), batch_size=batch_size)
    pushing.set()  # from here on the parent picks the moment of the kill
    engine.push(SyncReport())
    store.close()

"""The desk's side of a remote wipe (see server_stub/wipe.py).

At each sync the desk asks the portal whether the administrator ordered its data
erased. If so it deletes the key of its encrypted store from the keyring first (from
then on the files are unreadable, even if a deletion below fails or the disk keeps
old sectors), then the store and its key file, the blob folder, the scan spool and
drafts, the officers' saved sign-ins, and finally tells the portal it is done.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_app.calendar import now_vn
from desk_app.store import BlobStore, Store
from desk_app.store.crypto import forget_key, sidecar_path
from sync.client import PortalClient
from sync.errors import SyncError

log = logging.getLogger(__name__)

DESK_ID_KEY = "desk_id"
DESK_SINCE_KEY = "desk_since"
WIPED_VI = (
    "Dữ liệu trên máy này đã được xóa theo lệnh của quản trị viên (Văn phòng UBND tỉnh). "
    "Hãy liên hệ quản trị viên trước khi dùng lại máy."
)
# Folders beside the store that hold citizens' papers: the scan spool, intake drafts.
DATA_FOLDERS = ("scans", "drafts")


class DeskWiped(SyncError):
    """Raised out of a sync once the desk's data is gone: nothing more to do here."""


@dataclass
class WipeResult:
    order_id: str
    removed: dict[str, int] = field(default_factory=dict)
    acknowledged: bool = False


def desk_identity(store: Store) -> tuple[str, str]:
    """This desk's id and when its data was first written, made once and kept."""
    desk_id = store.get_meta(DESK_ID_KEY)
    since = store.get_meta(DESK_SINCE_KEY)
    if not desk_id or not since:
        desk_id, since = str(uuid.uuid4()), now_vn().isoformat()
        with store.transaction():
            store.set_meta(DESK_ID_KEY, desk_id)
            store.set_meta(DESK_SINCE_KEY, since)
    return desk_id, since


def pending_orders(client: PortalClient, store: Store) -> list[dict[str, Any]]:
    desk_id, since = desk_identity(store)
    resp = client.request("GET", "/desk/wipe", params={"desk_id": desk_id, "since": since})
    if resp.status_code == 404:
        return []  # a portal without remote wipe
    body = client._json(resp)
    orders = body.get("orders") if isinstance(body, dict) else None
    return [o for o in orders or [] if isinstance(o, dict) and isinstance(o.get("id"), str)]


def _officers(store: Store) -> set[str]:
    """Who signed in on this desk: their saved sign-ins go too."""
    names: set[str] = set()
    for sql in ("SELECT DISTINCT officer FROM access_log", "SELECT DISTINCT actor FROM outbox"):
        try:
            names |= {r[0] for r in store._query(sql) if r[0]}
        except Exception as exc:  # an older store without the table: nothing to add
            log.debug("wipe: %s", type(exc).__name__)
    return names


def _remove(paths: Iterable[Path]) -> int:
    count = 0
    for p in paths:
        if p.is_dir():
            count += sum(1 for f in p.rglob("*") if f.is_file())
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink(missing_ok=True)
            count += 1
    return count


def wipe_local(store: Store, blobs: BlobStore, client: PortalClient | None = None,
               extra: Iterable[Path] = ()) -> dict[str, int]:
    """Erase this desk's data; returns what was removed, by kind (no names, no content)."""
    db = store.path
    usernames = _officers(store) | ({client.username} if client and client.username else set())
    key_forgotten = forget_key(db)  # first: what remains on disk can no longer be read
    store.close()
    data = db.parent
    removed = {
        "keys": int(key_forgotten),
        "store_files": _remove([db, Path(f"{db}-wal"), Path(f"{db}-shm"), sidecar_path(db)]),
        "blobs": _remove([blobs.root]),
        "spool": _remove([data / name for name in DATA_FOLDERS] + list(extra)
                         + sorted(data.glob("sign-*"))),
    }
    if client is not None:
        for username in sorted(usernames):
            client.vault.forget(username)
        removed["sign_ins"] = len(usernames)
    log.warning("remote wipe: local data erased (%s)", removed)
    return removed


def acknowledge(client: PortalClient, order_id: str, desk_id: str,
                removed: dict[str, int]) -> bool:
    try:
        resp = client.request("POST", f"/desk/wipe/{order_id}/ack", json={
            "desk_id": desk_id, "wiped_at": now_vn().isoformat(), "removed": removed})
    except SyncError as exc:
        log.warning("remote wipe done, acknowledgement not sent: %s", exc.en or exc.vi)
        return False
    return resp.status_code == 200


def obey(client: PortalClient, store: Store, blobs: BlobStore,
         extra: Iterable[Path] = ()) -> WipeResult | None:
    """Ask the portal; when a wipe is ordered, erase and acknowledge. None: no order."""
    orders = pending_orders(client, store)
    if not orders:
        return None
    desk_id, _ = desk_identity(store)
    result = WipeResult(orders[0]["id"], wipe_local(store, blobs, client, extra))
    result.acknowledged = all(
        [acknowledge(client, o["id"], desk_id, result.removed) for o in orders])
    return result

"""Remote wipe end to end, on the real portal stub over loopback: the province office
orders a lost desk erased; the desk learns it at its next sync, erases its encrypted
store, blobs, spool and keyring entries, and the portal shows the acknowledgement."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
import requests
from sync_helpers import DISTRICT_DESK, intake, password

from desk_app.protocol import API_PREFIX
from desk_app.store import BlobStore, Store, crypto
from sync import wipe
from sync.client import PortalClient
from sync.engine import SyncEngine

COMMUNE_DESK = "canbo.phuthuan"
PROVINCE = "vanphong.tinh"


class EncryptedDesk:
    """A desk as the application opens it: store and blobs encrypted, key in the keyring."""

    def __init__(self, base_url: str, root: Path, username: str) -> None:
        self.root = root
        self.store = Store.open_encrypted(root / "desk.sqlite3")
        self.blobs = BlobStore(root / "blobs", self.store.blob_key())
        self.client = PortalClient(base_url, timeout=5, retries=2, backoff=0.05,
                                   max_backoff=0.2, keyring_service=f"desk-app-test-{root.name}")
        self.engine = SyncEngine(self.store, self.client, self.blobs)
        self.username = username
        self.officer = self.client.login(username, password())

    @property
    def desk_id(self) -> str:
        return wipe.desk_identity(self.store)[0]

    def close(self) -> None:
        if self.engine.wiped is None:
            self.store.close()


@pytest.fixture
def desks(portal, tmp_path):
    made: list[EncryptedDesk] = []

    def make(name: str, username: str) -> EncryptedDesk:
        desk = EncryptedDesk(portal.base_url, tmp_path / name, username)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()


class Admin:
    """The province office's administrator, over plain HTTP (no desk: it has no unit)."""

    def __init__(self, base_url: str, username: str = PROVINCE) -> None:
        self.api = base_url.rstrip("/") + API_PREFIX
        resp = requests.post(self.api + "/auth/token", timeout=10,
                             json={"username": username, "password": password()})
        assert resp.status_code == 200, resp.text
        self.headers = {"Authorization": "Bearer " + resp.json()["access_token"]}

    def request(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, self.api + path, headers=self.headers, timeout=10,
                                **kw)


def _admin(base_url: str, username: str = PROVINCE) -> Admin:
    return Admin(base_url, username)


def _order(admin: Admin, **body) -> dict:
    resp = admin.request("POST", "/admin/wipes", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_a_lost_desk_is_wiped_and_says_so(portal, desks, memory_keyring):
    lost = desks("lost", DISTRICT_DESK)
    other = desks("other", DISTRICT_DESK)  # a second desk of the same unit
    assert lost.engine.sync_once().ok
    codes = intake(lost, lost.officer, 2, tag="lost")
    (lost.root / "scans" / "batch-1").mkdir(parents=True)
    (lost.root / "scans" / "batch-1" / "page-1.png").write_bytes(b"a page of a citizen")
    assert lost.engine.sync_once().ok
    assert other.engine.sync_once().ok
    assert lost.client.vault.refresh_token(DISTRICT_DESK)
    store_id = crypto.KeyFile.read(lost.store.path).store_id
    assert keyring.get_password(crypto.KEYRING_SERVICE, store_id)

    admin = _admin(portal.base_url)
    order = _order(admin, agency_id=lost.officer.unit_id, desk_id=lost.desk_id,
                   reason="Máy tính xách tay bị mất ngày 01/12")

    report = lost.engine.sync_once()
    assert not report.ok and report.error_vi == wipe.WIPED_VI
    assert lost.engine.state().message_vi == wipe.WIPED_VI  # what the status bar shows
    left = sorted(str(p.relative_to(lost.root)) for p in lost.root.rglob("*") if p.is_file())
    assert left == []
    assert keyring.get_password(crypto.KEYRING_SERVICE, store_id) is None
    assert lost.client.vault.refresh_token(DISTRICT_DESK) is None
    assert lost.engine.wiped.acknowledged
    # A second sync does nothing more and does not crash on the closed store.
    assert lost.engine.sync_once().error_vi == wipe.WIPED_VI

    orders = admin.request("GET", "/admin/wipes",
                           params={"agency_id": lost.officer.unit_id}).json()["orders"]
    (seen,) = [o for o in orders if o["id"] == order["id"]]
    assert list(seen["acks"]) == [order["desk_id"]]
    ack = seen["acks"][order["desk_id"]]
    assert ack["removed"]["keys"] == 1 and ack["removed"]["blobs"] >= 2
    assert ack["removed"]["spool"] == 1 and ack["by"] == DISTRICT_DESK

    # The other desk of the unit was not named: it keeps working with its data.
    assert other.engine.sync_once().ok
    assert all(other.store.get_dossier(c) is not None for c in codes)


def test_a_unit_wide_order_spares_desks_set_up_after_it(portal, desks, memory_keyring):
    old = desks("old", COMMUNE_DESK)
    assert old.engine.sync_once().ok
    district = desks("district", DISTRICT_DESK)
    assert district.engine.sync_once().ok
    admin = _admin(portal.base_url)
    _order(admin, agency_id=old.officer.unit_id, reason="Thay toàn bộ máy của xã")

    replacement = desks("replacement", COMMUNE_DESK)  # set up after the order
    assert replacement.engine.sync_once().ok
    assert replacement.engine.wiped is None
    assert old.engine.sync_once().error_vi == wipe.WIPED_VI
    assert not (old.root / "desk.sqlite3").exists()
    assert district.engine.sync_once().ok  # another unit: untouched


def test_only_the_province_office_orders_and_only_the_unit_acknowledges(portal,
                                                                         desks,
                                                                         memory_keyring):
    desk = desks("d", DISTRICT_DESK)
    assert desk.engine.sync_once().ok
    unit = desk.officer.unit_id
    leader = _admin(portal.base_url, "lanhdao.phuvang")
    resp = leader.request("POST", "/admin/wipes", json={"agency_id": unit, "reason": "x"})
    assert resp.status_code == 403 and resp.json()["detail"]["code"] == "wrong_role"
    assert leader.request("GET", "/admin/wipes").status_code == 403

    admin = _admin(portal.base_url)
    for body, status in (({"agency_id": "không-có", "reason": "x"}, 404),
                         ({"agency_id": unit, "reason": "x", "desk_id": "../../etc"}, 400),
                         ({"agency_id": unit}, 400),
                         ({"agency_id": unit, "reason": ["x"]}, 400)):
        resp = admin.request("POST", "/admin/wipes", json=body)
        # bad input: a 4xx with a Vietnamese message (400 or 422, as the portal answers)
        assert resp.status_code in ({status, 422} if status == 400 else {status}), resp.text
        assert resp.json()["detail"]["vi"]
    order = _order(admin, agency_id=unit, desk_id="some-other-desk", reason="x")

    commune = _admin(portal.base_url, COMMUNE_DESK)
    resp = commune.request("POST", f"/desk/wipe/{order['id']}/ack", json={
        "desk_id": "x", "wiped_at": "2026-12-01T10:00:00+07:00"})
    assert resp.status_code == 403
    resp = desk.client.request("POST", "/desk/wipe/nope/ack", json={
        "desk_id": "x", "wiped_at": "2026-12-01T10:00:00+07:00"})
    assert resp.status_code == 404
    resp = desk.client.request("POST", f"/desk/wipe/{order['id']}/ack", json={
        "desk_id": "x", "wiped_at": "yesterday"})
    assert resp.status_code in (400, 422)
    resp = desk.client.request("GET", "/desk/wipe", params={"desk_id": "x", "since": "hôm qua"})
    assert resp.status_code in (400, 422)
    # An order naming another desk leaves this one alone.
    assert desk.engine.sync_once().ok and desk.engine.wiped is None

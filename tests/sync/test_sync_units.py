"""Pieces of the sync layer that need no portal: redaction, limits, keyring fallback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import keyring
import keyring.backends.fail
import pytest

from desk_app.calendar import VN_TZ
from desk_app.services import ServiceError
from desk_app.store import BlobStore, Store
from sync import logsafe, replica
from sync.client import PortalClient
from sync.credentials import NO_KEYRING_VI, CredentialVault
from sync.engine import SyncEngine
from sync.errors import OfflineLimitReached, PortalUnavailable
from sync.state import OfflineLimits


def test_redaction_of_headers_fields_and_registered_secrets(tmp_path):
    log_file = tmp_path / "desk.log"
    handler = logsafe.setup_desk_log(log_file)
    logsafe.register_secret("s3cr3t-refresh-value")
    try:
        log = logging.getLogger("sync.test")
        log.info("headers %s", {"Authorization": "Bearer abc.def.ghi"})
        log.info('body {"username": "an", "password": "Mật-khẩu-1"}')
        log.info("form password=hunter22&user=an")
        log.info("the refresh credential is %s", "s3cr3t-refresh-value")
        try:
            raise ValueError("token=zzz-top-secret")
        except ValueError:
            log.exception("failed")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        logsafe.forget_secret("s3cr3t-refresh-value")
    text = log_file.read_text(encoding="utf-8")
    for secret in ("abc.def.ghi", "Mật-khẩu-1", "hunter22", "s3cr3t-refresh-value",
                   "zzz-top-secret"):
        assert secret not in text
    assert text.count("***") >= 5
    assert '"username": "an"' in text  # what is not secret stays readable


def test_no_keyring_backend_says_so_and_keeps_nothing(monkeypatch):
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        vault = CredentialVault("desk-app-test-none")
        assert not vault.usable
        assert vault.message_vi == NO_KEYRING_VI
        assert "đăng nhập lại" in vault.message_vi
        assert vault.save("an", "refresh-token-value", {}) is False
        # Memory only: a new process (a new vault) has nothing.
        assert CredentialVault("desk-app-test-none").refresh_token("an") is None
        client = PortalClient("http://127.0.0.1:9", keyring_service="desk-app-test-none")
        assert client.resume("an") is None
        assert client.keyring_message_vi == NO_KEYRING_VI
    finally:
        keyring.set_keyring(before)


def test_keyring_keeps_credential_not_files(memory_keyring, tmp_path):
    vault = CredentialVault("desk-app-test")
    assert vault.usable and vault.message_vi == ""
    assert vault.save("an", "refresh-token-value", {"officer": {}})
    assert memory_keyring.items[("desk-app-test", "an")] == "refresh-token-value"
    vault.forget("an")
    assert vault.refresh_token("an") is None


def _engine(tmp_path, now: datetime, limits: OfflineLimits) -> SyncEngine:
    store = Store(tmp_path / "desk.sqlite3")
    client = PortalClient("http://127.0.0.1:9", retries=0, timeout=0.5)
    return SyncEngine(store, client, BlobStore(tmp_path / "blobs"), limits, clock=lambda: now)


def test_work_gate_days_and_unsent(tmp_path):
    now = datetime(2026, 11, 27, 9, 0, tzinfo=VN_TZ)
    engine = _engine(tmp_path, now, OfflineLimits(max_days_without_sync=3, max_unsent=2))
    with pytest.raises(OfflineLimitReached) as never:
        engine.work_gate()
    assert "chưa đồng bộ" in never.value.vi
    assert isinstance(never.value, ServiceError)

    engine.store.set_meta(replica.LAST_SUCCESS_KEY, (now - timedelta(days=2)).isoformat())
    engine.work_gate()  # within the limit
    engine.store.set_meta(replica.LAST_SUCCESS_KEY, (now - timedelta(days=4)).isoformat())
    with pytest.raises(OfflineLimitReached) as old:
        engine.work_gate()
    assert "4 ngày" in old.value.vi and "3 ngày" in old.value.vi

    engine.store.set_meta(replica.LAST_SUCCESS_KEY, now.isoformat())
    for i in range(2):
        engine.store.enqueue(f"X-{i}", "receive", 1, now, "an", {})
    with pytest.raises(OfflineLimitReached) as unsent:
        engine.work_gate()
    assert "2 thao tác chưa gửi" in unsent.value.vi
    engine.store.close()


def test_unreachable_portal_is_offline_and_keeps_work(tmp_path):
    now = datetime(2026, 11, 27, 9, 0, tzinfo=VN_TZ)
    engine = _engine(tmp_path, now, OfflineLimits())
    engine.client.adopt("token-value-xyz", *_officer_and_unit())
    engine.store.enqueue("X-1", "receive", 1, now, "an", {})
    report = engine.sync_once()
    state = engine.state()
    assert not report.ok and state.status == "offline"
    assert state.unsent == 1 and state.last_success_at is None
    assert "ngoại tuyến" in state.message_vi and "1 thao tác chưa gửi" in state.message_vi
    with pytest.raises(PortalUnavailable):
        engine.client.changes(0)
    engine.store.close()


def _officer_and_unit():
    from desk_app.domain import Officer, ProcessShape, Role, Unit

    unit = Unit("000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT)
    return Officer("an", "Nguyễn Văn An", unit.agency_id, frozenset({Role.DESK})), unit


def test_file_refs_found_anywhere_in_a_payload():
    a, b = "a" * 64, "b" * 64
    payload = {"dossier": {"components": [{"files": [{"sha256": a}]}]},
               "result_files": [{"sha256": b}, {"sha256": a}], "note": "x"}
    assert replica.file_refs(payload) == [a, b]


def test_limits_must_be_positive():
    with pytest.raises(ValueError):
        OfflineLimits(max_days_without_sync=0)

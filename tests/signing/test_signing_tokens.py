"""Token discovery, certificates, PIN handling against real SoftHSM2 tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk_app.textfmt import VN_TZ
from signing.errors import (
    PinCancelledError,
    PinIncorrectError,
    PinLockedError,
    TokenLibraryError,
    TokenNotFoundError,
)
from signing.modules import find_modules
from signing.service import SignJob
from signing.tokens import list_tokens, tries_left_from_flags

from .conftest import EXPIRED, LEADER


def test_finds_softhsm_and_known_ca_names(tmp_path, hsm):
    found = find_modules(search_dirs=[str(hsm.module.parent)], platform="linux")
    assert [f.path for f in found] == [hsm.module]
    # Windows names of the Vietnamese CA drivers, in a fake System32.
    (tmp_path / "vnptca_p11_v8.dll").write_bytes(b"")
    (tmp_path / "viettel-ca_v6.dll").write_bytes(b"")
    found = find_modules(search_dirs=[str(tmp_path)], platform="win32")
    assert {f.vendor for f in found} == {"VNPT-CA", "Viettel-CA"}
    # A configured path comes first.
    mine = tmp_path / "custom_p11.so"
    mine.write_bytes(b"")
    assert find_modules(mine, search_dirs=[], platform="linux")[0].path == mine


def test_lists_tokens_with_certificates(hsm):
    tokens = {t.label: t for t in list_tokens(hsm.module)}
    assert {LEADER, EXPIRED} <= set(tokens)
    (cert,) = tokens[LEADER].certificates
    assert cert.holder == "Nguyễn Văn An"
    assert cert.issuer == "Test Root CA Desk (thử nghiệm)"
    assert {"digital_signature", "non_repudiation"} <= set(cert.key_usage)
    now = datetime.now(VN_TZ)
    assert cert.problems(now) == []
    assert "chưa có hiệu lực" in cert.problems(cert.not_before - timedelta(days=1))[0]
    (old,) = tokens[EXPIRED].certificates
    assert "đã hết hạn" in old.problems(now)[0]


def test_wrong_pin_says_what_the_token_reports(tmp_path, make_pdf, service, leader_profile):
    out = tmp_path / "o.pdf"
    with pytest.raises(PinIncorrectError) as info:
        service(LEADER, pin="000000").sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), out)],
                                                 leader_profile)
    assert str(info.value).startswith("Mã PIN không đúng.")
    assert "000000" not in str(info.value)
    assert not out.exists()
    # SoftHSM only raises "count low": it gives no number, and the message says so.
    assert info.value.tries_left is None and "không cho biết" in str(info.value)


def test_cancelled_pin_signs_nothing(tmp_path, make_pdf, service, leader_profile):
    out = tmp_path / "o.pdf"
    with pytest.raises(PinCancelledError):
        service(LEADER, pin=None).sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), out)],
                                             leader_profile)
    assert not out.exists()


def test_unknown_token_and_missing_library(tmp_path, make_pdf, service, leader_profile):
    with pytest.raises(TokenNotFoundError, match="Không tìm thấy token có nhãn"):
        service("KHONG CO").sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), tmp_path / "o")],
                                       leader_profile)
    with pytest.raises(TokenLibraryError, match="Không tìm thấy thư viện PKCS#11"):
        list_tokens(tmp_path / "vnptca_p11_v8.dll")


def test_pin_flags_and_locked_message():
    # SoftHSM never locks a PIN, so the flag mapping is checked on its own.
    assert tries_left_from_flags(0x40000) == 0
    assert tries_left_from_flags(0x20000) == 1
    assert tries_left_from_flags(0x10000) is None
    assert "đã bị khóa" in str(PinLockedError("LANH DAO"))
    assert "còn 1 lần thử" in str(PinIncorrectError(1))

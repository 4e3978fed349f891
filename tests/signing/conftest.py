"""Fixtures for the signing tests: a test CA and real SoftHSM2 tokens.

The tokens live in a temporary folder with their own SOFTHSM2_CONF; each holds one
RSA key and its certificate from a CA made here with `cryptography`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from asn1crypto import crl as asn1_crl
from cryptography.hazmat.primitives import serialization
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from desk_app.textfmt import VN_TZ
from signing.appearance import find_font
from signing.pin import FixedPin
from signing.register import InMemoryRegisterBook
from signing.service import SignerProfile, SigningService, SignRole
from signing.softhsm import SoftHsm, TestPki, make_test_pki, softhsm_module
from signing.validate import TrustStore

PIN = "123456"
LEADER, CLERK, EXPIRED, REVOKED, REMOVABLE = "LANH DAO", "VAN THU", "HET HAN", "THU HOI", "RUT RA"
AGENCY = "000.00.22.H57"

@pytest.fixture(scope="session")
def pki() -> TestPki:
    return make_test_pki()


@pytest.fixture(scope="session")
def _hsm_session(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> Iterator[SoftHsm]:
    if shutil.which("softhsm2-util") is None or softhsm_module() is None:
        pytest.skip("softhsm2-util not installed")
    previous = os.environ.get("SOFTHSM2_CONF")
    hsm = SoftHsm(tmp_path_factory.mktemp("softhsm"))
    hsm.create_token(LEADER, PIN, pki.leader)
    hsm.create_token(CLERK, PIN, pki.clerk)
    hsm.create_token(EXPIRED, PIN, pki.expired)
    hsm.create_token(REVOKED, PIN, pki.revoked)
    removable = pki.issue("Phạm Thị Rút", not_before=pki.leader.cert.not_valid_before_utc,
                          not_after=pki.leader.cert.not_valid_after_utc)
    pki.extra["removable"] = removable
    hsm.create_token(REMOVABLE, PIN, removable)
    yield hsm
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def hsm(_hsm_session: SoftHsm) -> SoftHsm:
    """The session's tokens, made current again if another suite pointed SoftHSM away."""
    if os.environ.get("SOFTHSM2_CONF") != str(_hsm_session.conf):
        _hsm_session.activate()
    return _hsm_session


@pytest.fixture
def trust(pki: TestPki) -> TrustStore:
    crl = asn1_crl.CertificateList.load(pki.crl.public_bytes(serialization.Encoding.DER))
    return TrustStore(roots=[pki.root.asn1_cert], crls=[crl])


@pytest.fixture(scope="session")
def make_pdf() -> Callable[..., Path]:
    pdfmetrics.registerFont(TTFont("DeskSerif", str(find_font("regular"))))

    def make(path: Path, body: str = "Giấy phép xây dựng", pages: int = 1) -> Path:
        c = canvas.Canvas(str(path))
        for i in range(pages):
            c.setFont("DeskSerif", 13)
            c.drawString(60, 780, "UBND HUYỆN PHÚ VANG")
            c.drawString(330, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            c.drawString(60, 600, f"{body} (trang {i + 1})")
            c.showPage()
        c.save()
        return path

    return make


@pytest.fixture
def book() -> InMemoryRegisterBook:
    return InMemoryRegisterBook()


@pytest.fixture
def fixed_clock() -> Callable[[], datetime]:
    return lambda: datetime.now(VN_TZ)


@pytest.fixture
def service(hsm: SoftHsm, book: InMemoryRegisterBook) -> Callable[..., SigningService]:
    def make(label: str, pin: str | None = PIN, **kw: object) -> SigningService:
        kw.setdefault("register_book", book)
        return SigningService(hsm.module, pin_prompt=FixedPin(pin), token_label=label,
                              **kw)  # type: ignore[arg-type]

    return make


LEADER_PROFILE = SignerProfile(SignRole.LEADER, title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
CLERK_PROFILE = SignerProfile(SignRole.CLERK, agency_id=AGENCY, register_symbol="GP-UBND",
                              place_name="Phú Vang")


@pytest.fixture
def leader_profile() -> SignerProfile:
    return LEADER_PROFILE


@pytest.fixture
def clerk_profile() -> SignerProfile:
    return CLERK_PROFILE

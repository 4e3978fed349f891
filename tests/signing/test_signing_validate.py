"""Validation verdicts: expired, revoked, untrusted, unsigned; B-T and B-LT levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from signing.errors import CertificateValidityError
from signing.service import Outcome, SignJob
from signing.validate import TrustStore, Verdict, validate_pdf

from .conftest import EXPIRED, LEADER, REVOKED


def test_expired_certificate_refused_before_signing(tmp_path, make_pdf, service, leader_profile):
    with pytest.raises(CertificateValidityError, match="đã hết hạn"):
        service(EXPIRED).sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), tmp_path / "o.pdf")],
                                    leader_profile)
    assert not (tmp_path / "o.pdf").exists()


def test_expired_certificate_reported_by_validation(tmp_path, make_pdf, service, trust,
                                                    leader_profile):
    out = tmp_path / "o.pdf"
    result = service(EXPIRED, allow_invalid_certificate=True).sign_batch(
        [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    assert result.warnings and "đã hết hạn" in result.warnings[0]
    report = validate_pdf(out, trust)
    assert report.signatures[0].verdict is Verdict.EXPIRED
    assert report.status_vi() .startswith("Chứng thư số đã hết hạn — Trần Thị Hết Hạn")


def test_revoked_certificate_reported(tmp_path, make_pdf, service, trust, leader_profile):
    out = tmp_path / "o.pdf"
    service(REVOKED).sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    report = validate_pdf(out, trust)
    assert report.signatures[0].verdict is Verdict.REVOKED
    assert "Lê Văn Thu Hồi" in report.status_vi()


def test_unknown_ca_is_not_trusted_and_unsigned_says_so(tmp_path, make_pdf, service,
                                                        leader_profile):
    out = tmp_path / "o.pdf"
    service(LEADER).sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    report = validate_pdf(out, TrustStore())
    assert report.signatures[0].verdict is Verdict.UNTRUSTED
    assert "Nguyễn Văn An" in report.status_vi()
    assert validate_pdf(make_pdf(tmp_path / "plain.pdf"), TrustStore()).status_vi() == \
        "Tệp không có chữ ký số"


def test_trust_store_loads_pem_files(tmp_path, pki):
    (tmp_path / "root.pem").write_bytes(pki.root_pem())
    (tmp_path / "list.crl").write_bytes(pki.crl_pem())
    store = TrustStore.from_paths([tmp_path])
    assert len(store.roots) == 1 and len(store.crls) == 1


def _timestamper(pki):
    return DummyTimeStamper(tsa_cert=pki.tsa.asn1_cert, tsa_key=pki.tsa.asn1_key,
                            certs_to_embed=[pki.root.asn1_cert])


def test_b_t_with_a_timestamp_server(tmp_path, make_pdf, service, trust, pki, leader_profile):
    out = tmp_path / "o.pdf"
    result = service(LEADER, timestamper=_timestamper(pki)).sign_batch(
        [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    assert result.outcomes[0].level == "PAdES-B-T"
    report = validate_pdf(out, trust)
    assert report.ok and report.signatures[0].timestamped


def test_b_lt_embeds_revocation_data(tmp_path, make_pdf, service, trust, pki, leader_profile):
    out = tmp_path / "o.pdf"
    result = service(LEADER, timestamper=_timestamper(pki), trust=trust).sign_batch(
        [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    assert result.outcomes[0].outcome is Outcome.SIGNED
    assert result.outcomes[0].level == "PAdES-B-LT", result.warnings
    reader = PdfFileReader(BytesIO(out.read_bytes()))
    assert "/DSS" in reader.root
    status = validate_pdf_signature(reader.embedded_signatures[0],
                                    ValidationContext(trust_roots=[pki.root.asn1_cert]))
    assert status.bottom_line


def test_b_lt_falls_back_when_no_revocation_data(tmp_path, make_pdf, service, pki,
                                                  leader_profile):
    out = tmp_path / "o.pdf"
    no_crl = TrustStore(roots=[pki.root.asn1_cert])  # offline, nothing to check against
    result = service(LEADER, trust=no_crl).sign_batch(
        [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    assert result.outcomes[0].level == "PAdES-B-B"
    assert any("dữ liệu thu hồi" in w for w in result.warnings)


def test_certificate_expired_after_a_timestamped_signature_still_holds(
        tmp_path, make_pdf, service, trust, pki, leader_profile):
    signed_at = datetime.now(UTC) - timedelta(days=10)  # while it was still valid
    tsa = DummyTimeStamper(tsa_cert=pki.tsa.asn1_cert, tsa_key=pki.tsa.asn1_key,
                           certs_to_embed=[pki.root.asn1_cert], fixed_dt=signed_at)
    out = tmp_path / "o.pdf"
    service(EXPIRED, allow_invalid_certificate=True, timestamper=tsa).sign_batch(
        [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    report = validate_pdf(out, trust)
    sig = report.signatures[0]
    assert sig.verdict is Verdict.INTACT, sig
    assert "hết hạn sau thời điểm ký" in sig.detail


def test_revocation_after_the_timestamp_does_not_spoil_but_before_does(
        tmp_path, make_pdf, service, trust, pki, leader_profile):
    # The test CA revoked this certificate one day ago.
    for days_ago, expected in ((10, Verdict.INTACT), (0, Verdict.REVOKED)):
        tsa = DummyTimeStamper(tsa_cert=pki.tsa.asn1_cert, tsa_key=pki.tsa.asn1_key,
                               certs_to_embed=[pki.root.asn1_cert],
                               fixed_dt=datetime.now(UTC) - timedelta(days=days_ago))
        out = tmp_path / f"o{days_ago}.pdf"
        service(REVOKED, timestamper=tsa).sign_batch(
            [SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
        assert validate_pdf(out, trust).signatures[0].verdict is expected

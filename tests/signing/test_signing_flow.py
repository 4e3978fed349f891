"""Leader approval, then the clerk's seal, number and register (App. steps 3-4)."""

from __future__ import annotations

import re
import subprocess
import threading
from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from signing.service import Outcome, SignJob
from signing.validate import Verdict, validate_pdf

from .conftest import CLERK, LEADER


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _pyhanko_statuses(path: Path, root) -> list:
    reader = PdfFileReader(BytesIO(path.read_bytes()))
    vc = ValidationContext(trust_roots=[root])
    return [validate_pdf_signature(s, vc) for s in reader.embedded_signatures]


def test_leader_then_clerk_validates_with_pyhanko(tmp_path, make_pdf, service, book, pki,
                                                  leader_profile, clerk_profile):
    src = make_pdf(tmp_path / "gp.pdf", pages=2)
    approved = tmp_path / "approved" / "gp.pdf"
    final = tmp_path / "final" / "gp.pdf"

    r1 = service(LEADER).sign_batch([SignJob(src, approved)], leader_profile)
    assert [o.outcome for o in r1.outcomes] == [Outcome.SIGNED]
    r2 = service(CLERK).sign_batch(
        [SignJob(approved, final, summary="Giấy phép xây dựng", recipients="Ông Nguyễn Văn Bình",
                 dossier_code="000.00.22.H57-261129-0001")],
        clerk_profile,
    )
    assert r2.outcomes[0].outcome is Outcome.SIGNED
    assert r2.outcomes[0].register_number == "01/GP-UBND"

    leader_status, clerk_status = _pyhanko_statuses(final, pki.root.asn1_cert)
    assert leader_status.bottom_line and clerk_status.bottom_line
    # The clerk only filled the number/date fields over the leader's signature.
    assert leader_status.modification_level == ModificationLevel.FORM_FILLING
    assert leader_status.signing_cert.subject.native["common_name"] == "Nguyễn Văn An"
    assert clerk_status.signing_cert.subject.native["common_name"] == "UBND huyện Phú Vang"

    text = _text(final)
    assert "Số: 01/GP-UBND" in text
    assert re.search(r"Phú Vang, ngày \d\d tháng (0[12]|1[0-2]|[3-9]) năm 20\d\d", text)
    assert "Nguyễn Văn An" in text and "PHÓ CHỦ TỊCH" in text

    (row,) = book.rows
    assert row.number_and_symbol == "01/GP-UBND"
    assert row.signer == "UBND huyện Phú Vang"
    assert row.dossier_code == "000.00.22.H57-261129-0001"
    assert row.date.utcoffset().total_seconds() == 7 * 3600
    assert src.read_bytes().count(b"/ByteRange") == 0, "the source is never touched"


def test_numbers_run_on_per_agency_and_year(tmp_path, make_pdf, service, book, clerk_profile):
    jobs = [SignJob(make_pdf(tmp_path / f"d{i}.pdf"), tmp_path / "out" / f"d{i}.pdf")
            for i in range(3)]
    result = service(CLERK).sign_batch(jobs, clerk_profile)
    assert [o.register_number for o in result.outcomes] == ["01/GP-UBND", "02/GP-UBND",
                                                           "03/GP-UBND"]
    assert [r.number for r in book.rows] == [1, 2, 3]


def test_attachment_gets_number_and_iso_time_top_right(tmp_path, make_pdf, service, trust,
                                                       clerk_profile):
    main = make_pdf(tmp_path / "main.pdf")
    att = make_pdf(tmp_path / "phu-luc.pdf", body="Phụ lục", pages=2)
    out_att = tmp_path / "out" / "phu-luc.pdf"
    result = service(CLERK).sign_batch(
        [SignJob(main, tmp_path / "out" / "main.pdf", attachments=((att, out_att),))],
        clerk_profile)
    assert result.outcomes[0].outcome is Outcome.SIGNED
    report = validate_pdf(out_att, trust)
    assert report.ok and report.signatures[0].signer == "UBND huyện Phú Vang"
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-x", "300", "-y", "0",
                                 "-W", "300", "-H", "90", str(out_att), "-"],
                                check=True, capture_output=True, text=True).stdout
    assert "01/GP-UBND" in first_page
    assert re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", first_page)
    fonts = subprocess.run(["pdffonts", str(out_att)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts


def test_one_pin_for_a_batch_on_the_token_thread(tmp_path, make_pdf, hsm, book, leader_profile):
    from signing.service import SigningService

    class RecordingPin:
        def __init__(self):
            self.calls = []

        def ask_pin(self, token_label, tries_left):
            self.calls.append((token_label, threading.current_thread().name))
            return "123456"

    pin = RecordingPin()
    svc = SigningService(hsm.module, pin_prompt=pin, token_label=LEADER, register_book=book)
    jobs = [SignJob(make_pdf(tmp_path / f"{i}.pdf"), tmp_path / "o" / f"{i}.pdf")
            for i in range(4)]
    seen = []
    result = svc.sign_batch(jobs, leader_profile,
                            progress=lambda done, total, o: seen.append(
                                (done, total, threading.current_thread().name)))
    assert len(result.signed()) == 4
    assert len(pin.calls) == 1 and pin.calls[0][0] == LEADER
    assert pin.calls[0][1].startswith("token-io")
    assert [s[:2] for s in seen] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_cancel_leaves_the_rest_untouched(tmp_path, make_pdf, service, leader_profile):
    cancel = threading.Event()
    jobs = [SignJob(make_pdf(tmp_path / f"{i}.pdf"), tmp_path / "o" / f"{i}.pdf")
            for i in range(3)]
    result = service(LEADER).sign_batch(
        jobs, leader_profile, cancel=cancel,
        progress=lambda done, total, o: cancel.set())
    assert [o.outcome for o in result.outcomes] == [Outcome.SIGNED, Outcome.NOT_SIGNED,
                                                    Outcome.NOT_SIGNED]
    assert result.cancelled
    assert not (tmp_path / "o" / "1.pdf").exists() and not (tmp_path / "o" / "2.pdf").exists()


def test_a_bad_file_fails_alone(tmp_path, make_pdf, service, leader_profile):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    good = make_pdf(tmp_path / "good.pdf")
    result = service(LEADER).sign_batch(
        [SignJob(bad, tmp_path / "o" / "bad.pdf"), SignJob(good, tmp_path / "o" / "good.pdf")],
        leader_profile)
    assert [o.outcome for o in result.outcomes] == [Outcome.FAILED, Outcome.SIGNED]
    assert "Không đọc được tệp PDF" in result.outcomes[0].message


def test_byte_changed_after_signing_is_detected(tmp_path, make_pdf, service, trust,
                                               leader_profile):
    out = tmp_path / "o" / "a.pdf"
    service(LEADER).sign_batch([SignJob(make_pdf(tmp_path / "a.pdf"), out)], leader_profile)
    assert validate_pdf(out, trust).ok
    data = bytearray(out.read_bytes())
    # Change one byte of the page's content stream (inside the signed range).
    ix = data.index(b"stream\n") + 20
    data[ix] = (data[ix] + 1) % 256
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    report = validate_pdf(tampered, trust)
    assert report.signatures[0].verdict is Verdict.MODIFIED
    assert report.status_vi().startswith("Văn bản đã bị sửa đổi sau khi ký")
    assert "Nguyễn Văn An" in report.status_vi()


def test_password_protected_pdf_is_refused_plainly(tmp_path, make_pdf, service, leader_profile):
    import pikepdf

    src = make_pdf(tmp_path / "a.pdf")
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="chu", user="mo", R=6))
    result = service(LEADER).sign_batch([SignJob(locked, tmp_path / "o" / "locked.pdf")],
                                        leader_profile)
    assert result.outcomes[0].outcome is Outcome.FAILED
    assert "mật khẩu" in result.outcomes[0].message


def test_sealing_twice_is_refused_without_taking_a_number(tmp_path, make_pdf, service, book,
                                                           clerk_profile):
    src = make_pdf(tmp_path / "a.pdf")
    once, twice = tmp_path / "o1" / "a.pdf", tmp_path / "o2" / "a.pdf"
    service(CLERK).sign_batch([SignJob(src, once)], clerk_profile)
    result = service(CLERK).sign_batch([SignJob(once, twice)], clerk_profile)
    assert result.outcomes[0].outcome is Outcome.FAILED
    assert "đã được cấp số 01/GP-UBND và đóng dấu" in result.outcomes[0].message
    assert [r.number for r in book.rows] == [1]
    assert not twice.exists()

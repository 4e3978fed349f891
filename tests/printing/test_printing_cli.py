"""`desk-app print` from a terminal: forms to files, receipts and test pages to printers."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.domain import to_dict
from printing.cli import main, place_from_unit
from printing.escpos_stream import decode
from printing.testpage import ALPHABET
from printing.thermal import code_pages

CODE = "000.00.22.H57-261129-0001"


@pytest.fixture
def data_file(tmp_path, dossier, procedure, unit, officer, log_rows) -> Path:
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps({
        "dossier": to_dict(dossier), "procedure": to_dict(procedure), "unit": to_dict(unit),
        "officer": to_dict(officer), "log_rows": to_dict(log_rows),
    }, ensure_ascii=False), encoding="utf-8")
    return path


def test_receipt_to_pdf_through_desk_app(data_file, tmp_path, read_pdf) -> None:
    out = tmp_path / "receipt.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desk_app.cli", "print", "receipt", "--dossier", CODE,
         "--data", str(data_file), "--out", str(out)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Đã lưu Mẫu số 01" in done.stdout
    doc = read_pdf(out.read_bytes())
    assert doc.has("UBND HUYỆN PHÚ VANG") and doc.has("Phú Vang, ngày")
    assert doc.has("Nguyễn Thị Thanh Hoà") and doc.has(CODE) and doc.pages == 2


@pytest.mark.parametrize("form", ["02", "03", "04", "control", "register", "postal_slip",
                                  "postal_register"])
def test_every_dossier_form_from_json(form, data_file, tmp_path, read_pdf, capsys) -> None:
    out = tmp_path / f"{form}.pdf"
    assert main([form, "--dossier", CODE, "--data", str(data_file), "--out", str(out),
                 "--batch-number", "7/PGBC", "--postal-unit", "Bưu điện Phú Vang"]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has(CODE) and doc.has("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def test_bare_dossier_json_works_too(tmp_path, dossier, read_pdf) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(to_dict(dossier), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.pdf"
    assert main(["refusal", "--data", str(path), "--out", str(out), "--officer", "Lê Văn Đức",
                 "--place", "Phú Vang"]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has("Lăng Tự Đức") and doc.has("Lê Văn Đức")


def test_thermal_receipt_to_network_printer(data_file, fake_printer, tmp_path, capsys) -> None:
    args = ["receipt", "--dossier", CODE, "--data", str(data_file), "--printer",
            fake_printer.uri, "--log-dir", str(tmp_path / "log")]
    assert main(args) == 0
    assert main(args) == 0
    jobs = fake_printer.wait_jobs(2)
    got = decode(jobs[0], {n: p for p, n in code_pages("default").items()})
    assert "Cán bộ tiếp nhận: Nguyễn Thị Thanh Hoà" in got.lines and got.qr == [CODE]
    assert "(in lại)" in capsys.readouterr().out.splitlines()[-1]
    log = [json.loads(x) for x in (tmp_path / "log" / "print-log.jsonl").read_text().splitlines()]
    assert [e["reprint"] for e in log] == [False, True]


def test_test_page_on_a_receipt_printer(fake_printer, tmp_path) -> None:
    uri = fake_printer.uri + "?profile=TM-T88V&paper=58"
    assert main(["test-page", "--printer", uri, "--log-dir", str(tmp_path)]) == 0
    got = decode(fake_printer.wait_jobs(1)[0], {n: p for p, n in code_pages("TM-T88V").items()})
    for line in ALPHABET:
        assert " ".join(line.split()) in " ".join(got.text.split())
    assert got.cuts == 1


def test_test_page_to_a_file_is_a_pdf(tmp_path, read_pdf) -> None:
    out = tmp_path / "test.pdf"
    assert main(["test-page", "--printer", f"file://{out}", "--log-dir", str(tmp_path)]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has(ALPHABET[0]) and doc.has(ALPHABET[-1])


def test_unreachable_printer_exit_code_and_message(data_file, refused_uri, tmp_path,
                                                    capsys) -> None:
    rc = main(["receipt", "--dossier", CODE, "--data", str(data_file), "--printer", refused_uri,
               "--log-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert rc == 1
    assert "Không kết nối được máy in mạng" in err and "chạy lại lệnh" in err
    assert "Traceback" not in err


def test_bad_data_exit_code_and_message(tmp_path, dossier, capsys) -> None:
    bad = dataclasses.replace(dossier, applicant=dataclasses.replace(
        dossier.applicant, address="Xóm Bàu 🏡"))
    path = tmp_path / "d.json"
    path.write_text(json.dumps(to_dict(bad), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    rc = main(["refusal", "--data", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and "không in được: '🏡'" in err and not out.exists()
    # A bare dossier has no procedure: the receipt says which field is missing.
    assert main(["receipt", "--data", str(path), "--out", str(out)]) == 2
    assert "thiếu thông tin bắt buộc (tên thủ tục)" in capsys.readouterr().err
    assert main(["receipt", "--data", str(tmp_path / "khong-co.json"), "--out", str(out)]) == 2
    assert main(["receipt", "--data", str(path), "--dossier", "X-1", "--out", str(out)]) == 2
    assert "Không tìm thấy hồ sơ 'X-1'" in capsys.readouterr().err


def test_forms_listing(capsys) -> None:
    assert main(["forms"]) == 0
    out = capsys.readouterr().out
    assert "Thông tư số 01/2018/TT-VPCP" in out and "Mẫu số 05" in out


def test_place_from_unit() -> None:
    assert place_from_unit("UBND huyện Phú Vang") == "Phú Vang"
    assert place_from_unit("UBND xã Phú Thuận") == "Phú Thuận"
    assert place_from_unit("Sở Tư pháp") == "Sở Tư pháp"


def test_forms_from_the_local_store(tmp_path, dossier, procedure, unit, log_rows, outgoing,
                                    read_pdf) -> None:
    from desk_app.store import Store

    path = tmp_path / "desk.sqlite"
    store = Store.open(path)
    store.put_unit(unit)
    store.put_procedure(procedure)
    store.put_dossier(dossier)
    for row in log_rows:
        store.append_log(row)
    for row in outgoing.rows:
        store.record_outgoing(row)
    store.close()

    out = tmp_path / "control.pdf"
    # "control", not "05": a 2026 dossier prints the 2025 set, where 05 is the stop notice.
    assert main(["control", "--store", str(path), "--dossier", CODE, "--out", str(out),
                 "--officer", "Nguyễn Thị Thanh Hoà"]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has("UBND HUYỆN PHÚ VANG") and doc.has("Người nhận: Phạm Thị Ngọc Ánh")
    assert doc.has("Quá hạn") and doc.has("Phú Vang, ngày")

    out = tmp_path / "outgoing.pdf"
    assert main(["outgoing_register", "--store", str(path), "--agency", unit.agency_id,
                 "--year", "2026", "--out", str(out)]) == 0
    doc = read_pdf(out.read_bytes())
    assert doc.has("125/GP-UBND") and doc.has("07/QĐ-UBND") and doc.has("Năm 2026")

    assert main(["receipt", "--store", str(tmp_path / "khong-co.sqlite"), "--dossier", CODE,
                 "--out", str(out)]) == 2

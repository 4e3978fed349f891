"""Printers that refuse, drop the connection or run out of paper; retries and the log."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from printing.dispatch import PrintJob, PrintLog, send_job
from printing.errors import (
    PrinterDisconnected,
    PrinterOutOfPaper,
    PrinterUnavailable,
    UnsupportedPrinter,
)
from printing.escpos_stream import decode
from printing.thermal import code_pages, render_receipt_escpos
from printing.transport import parse_printer_uri


def _receipt(ctx, dossier, procedure) -> bytes:  # type: ignore[no-untyped-def]
    return render_receipt_escpos(ctx, dossier, procedure)


def test_refused_connection_is_clear_and_the_job_can_be_retried(
    refused_uri, make_printer, ctx, dossier, procedure, tmp_path
) -> None:
    log = PrintLog(tmp_path)
    job = PrintJob(_receipt(ctx, dossier, procedure), "escpos", refused_uri, form="receipt",
                   dossier_code=dossier.code)
    before = job.data
    with pytest.raises(PrinterUnavailable) as err:
        send_job(job, log)
    assert err.value.retryable
    assert "Không kết nối được máy in mạng 127.0.0.1" in err.value.message
    assert "In lại" in err.value.message
    assert job.data == before and job.attempts == 1 and job.last_error

    printer = make_printer()  # the officer switches the printer on (new address here)
    job.printer = printer.uri
    result = send_job(job, log)
    assert job.attempts == 2 and not job.last_error and not result.reprint
    [received] = printer.wait_jobs(1)
    assert received.endswith(before + b"\x10\x04\x01")
    assert [(e["ok"], e["attempt"]) for e in log.entries()] == [(False, 1), (True, 2)]


def test_printer_closing_mid_job_is_noticed(make_printer, ctx, dossier, procedure) -> None:
    from printing.thermal import ThermalPrinter

    # An image receipt is large (tens of kB): the printer drops after 2 kB.
    data = render_receipt_escpos(ctx, dossier, procedure, printer=ThermalPrinter("simple"))
    broken = make_printer(close_after=2048)
    job = PrintJob(data, "escpos", broken.uri, form="receipt")
    with pytest.raises(PrinterDisconnected, match="ngắt kết nối giữa chừng") as err:
        send_job(job)
    assert err.value.retryable
    assert len(broken.wait_jobs(1)[0]) < len(data)

    good = make_printer()
    job.printer = good.uri
    send_job(job)
    got = decode(good.wait_jobs(1)[0], {n: p for p, n in code_pages("simple").items()})
    assert len(got.images) == 2


def test_small_job_then_close_is_noticed_by_the_confirmation(make_printer) -> None:
    printer = make_printer(close_after=40)  # takes the status query and a bit, then dies
    with pytest.raises(PrinterDisconnected):
        send_job(PrintJob(b"\x1b@" + b"x" * 60 + b"\n", "escpos", printer.uri))


def test_out_of_paper_is_reported_before_sending(make_printer, ctx, dossier, procedure) -> None:
    printer = make_printer(paper_out=True)
    with pytest.raises(PrinterOutOfPaper, match="hết giấy") as err:
        send_job(PrintJob(_receipt(ctx, dossier, procedure), "escpos", printer.uri))
    assert err.value.retryable
    assert printer.wait_jobs(1)[0] == b"\x10\x04\x04"  # only the question, no receipt


def test_reprints_are_logged(fake_printer, ctx, dossier, procedure, tmp_path) -> None:
    seen: list[dict] = []
    log = PrintLog(tmp_path / "log", on_entry=seen.append)
    data = _receipt(ctx, dossier, procedure)
    first = send_job(PrintJob(data, "escpos", fake_printer.uri, form="receipt",
                              dossier_code=dossier.code, officer="Nguyễn Thị Thanh Hoà"), log)
    again = send_job(PrintJob(data, "escpos", fake_printer.uri, form="receipt",
                              dossier_code=dossier.code, copies=2), log)
    assert not first.reprint and again.reprint
    jobs = fake_printer.wait_jobs(2)
    assert jobs[1].count(data) == 2  # two copies of the raw job
    entries = log.entries()
    assert [e["reprint"] for e in entries] == [False, True]
    assert entries[0]["officer"] == "Nguyễn Thị Thanh Hoà" and entries == seen
    assert "Nguyễn Thị Thanh Hoà" in (tmp_path / "log" / "print-log.jsonl").read_text("utf-8")


def test_no_cups_is_said_plainly(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp anywhere
    with pytest.raises(PrinterUnavailable, match="không có CUPS"):
        send_job(PrintJob(b"%PDF-1.4", "pdf", "cups://HP_LaserJet"))


def _fake_lp(folder: Path, body: str) -> None:
    """Stand-ins for CUPS' `lp` and `lpstat`: these cases check the command line and
    a refusal; test_printing_cups.py prints through a real CUPS."""
    for name, text in (("lp", body), ("lpstat", 'echo "printer $2 is idle."\n')):
        tool = folder / name
        tool.write_text("#!/bin/sh\n" + text, encoding="utf-8")
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)


def test_cups_gets_tray_and_copies(monkeypatch, tmp_path) -> None:
    out = tmp_path / "job"
    _fake_lp(tmp_path, f'echo "$@" > {out}.args\ncat > {out}.pdf\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    job = PrintJob(b"%PDF-1.4 test", "pdf", "cups://HP_LaserJet?tray=Tray2", copies=2,
                   title="Mẫu số 01")
    send_job(job)
    assert (tmp_path / "job.pdf").read_bytes() == b"%PDF-1.4 test"
    args = (tmp_path / "job.args").read_text()
    assert "-d HP_LaserJet -n 2" in args and "InputSlot=Tray2" in args


def test_cups_refusal_keeps_the_job(monkeypatch, tmp_path) -> None:
    _fake_lp(tmp_path, 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(PrinterUnavailable, match="does not exist") as err:
        send_job(PrintJob(b"%PDF", "pdf", "cups://Khong_Co"))
    assert err.value.retryable


@pytest.mark.parametrize("uri", ["http://printer", "tcp://", "usb://", "tcp://host:abc"])
def test_bad_printer_addresses(uri: str) -> None:
    with pytest.raises(UnsupportedPrinter):
        parse_printer_uri(uri)


def test_pdf_to_a_receipt_printer_is_refused(fake_printer) -> None:
    with pytest.raises(UnsupportedPrinter, match="máy in hoá đơn"):
        send_job(PrintJob(b"%PDF", "pdf", fake_printer.uri))


def test_missing_usb_and_serial_printers_are_clear_errors() -> None:
    from printing.transport import open_transport

    for uri, said in (("usb://04b8:0202", "máy in USB 04b8:0202"),
                      ("serial:///dev/ttyUSB-khong-co", "cổng nối tiếp")):
        with pytest.raises(PrinterUnavailable, match=said) as err:
            open_transport(uri).send(b"\x1b@")
        assert err.value.retryable


def test_serial_printer_on_a_pseudo_terminal(ctx, dossier, procedure) -> None:
    """A serial receipt printer stood in for by a pty: python-escpos' Serial writes to it."""
    import select

    master, slave = os.openpty()
    try:
        data = _receipt(ctx, dossier, procedure)
        send_job(PrintJob(data, "escpos", f"serial://{os.ttyname(slave)}?baudrate=19200"))
        got = bytearray()
        while len(got) < len(data) and select.select([master], [], [], 2)[0]:
            got += os.read(master, 65536)
        assert bytes(got) == data
    finally:
        os.close(master)
        os.close(slave)


def test_printer_that_ignores_status_requests_still_prints(make_printer) -> None:
    mute = make_printer(answers_status=False)
    data = b"\x1b@Xin chao\n"
    send_job(PrintJob(data, "escpos", mute.uri))
    assert mute.wait_jobs(1)[0] == b"\x10\x04\x04" + data  # asked once, then just sent

    quiet = make_printer()
    send_job(PrintJob(data, "escpos", quiet.uri + "?status=0"))
    assert quiet.wait_jobs(1)[0] == data

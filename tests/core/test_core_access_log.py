"""The access log: who opened which dossier, when; the unit's leader reads it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from core_samples import COMMUNE, DISTRICT, new_dossier, officer, vn

from desk_app import access_log
from desk_app.domain import Role
from desk_app.services import ServiceError

DESK = officer("motcua.phuvang", DISTRICT, Role.DESK)
SPECIALIST = officer("chuyenvien.phuvang", DISTRICT, Role.SPECIALIST)
LEADER = officer("lanhdao.phuvang", DISTRICT, Role.LEADER)
OTHER_LEADER = officer("lanhdao.phuthuan", COMMUNE, Role.LEADER)


def test_the_leader_reads_who_opened_what_newest_first(store):
    code = new_dossier(DISTRICT).code
    assert access_log.record_open(store, DESK, code, vn(2026, 11, 25, 8, 5))
    assert access_log.record_open(store, SPECIALIST, code, vn(2026, 11, 25, 14, 30))
    assert access_log.record_open(store, SPECIALIST, "OTHER-1", vn(2026, 11, 26, 9))
    rows = access_log.entries(store, LEADER)
    assert [(r.officer, r.dossier_code, r.at) for r in rows] == [
        ("chuyenvien.phuvang", "OTHER-1", vn(2026, 11, 26, 9)),
        ("chuyenvien.phuvang", code, vn(2026, 11, 25, 14, 30)),
        ("motcua.phuvang", code, vn(2026, 11, 25, 8, 5)),
    ]
    assert rows[0].purpose_vi == "Xem hồ sơ"
    assert [r.officer for r in access_log.entries(store, LEADER, dossier_code=code)] == [
        "chuyenvien.phuvang", "motcua.phuvang"]
    assert [r.dossier_code for r in access_log.entries(
        store, LEADER, since=vn(2026, 11, 26), until=vn(2026, 11, 27))] == ["OTHER-1"]
    assert len(access_log.entries(store, LEADER, officer="motcua.phuvang")) == 1


def test_only_the_leader_of_the_unit_reads_it(store):
    access_log.record_open(store, DESK, "D-1", vn(2026, 11, 25, 8))
    for who in (DESK, SPECIALIST):
        with pytest.raises(ServiceError, match="Chỉ lãnh đạo đơn vị"):
            access_log.entries(store, who)
    # Another unit's leader (on a shared commune desk) sees nothing of this unit.
    assert access_log.entries(store, OTHER_LEADER) == []


def test_reopening_within_a_minute_is_one_visit(store):
    at = vn(2026, 11, 25, 8)
    assert access_log.record_open(store, DESK, "D-1", at)
    assert not access_log.record_open(store, DESK, "D-1", at + timedelta(seconds=30))
    assert access_log.record_open(store, DESK, "D-1", at + timedelta(minutes=2))
    assert access_log.record_open(store, DESK, "D-1", at + timedelta(minutes=2), "print")
    assert len(access_log.entries(store, LEADER)) == 3


def test_a_naive_time_is_refused(store):
    with pytest.raises(ValueError, match="naive"):
        access_log.record_open(store, DESK, "D-1", datetime(2026, 11, 25, 8))

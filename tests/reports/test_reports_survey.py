"""The counter survey driven through pytest-qt, and its answers reaching the real portal
once, even when the network was down when they were given."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from reports_history import UNIT, prepare, vn
from sqlalchemy import text

from desk_app.domain import Role
from desk_app.reports import periods
from desk_app.reports.survey import (
    CRITERIA,
    SurveyAnswer,
    answers,
    import_feed_survey,
    save_answer,
    summarise,
    unsent_answers,
)
from desk_app.store import Store

SEED_DISTRICT = "000.00.22.H57"  # the demo portal's district (UBND huyện Phú Vang)


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "desk.sqlite3")
    prepare(s)
    yield s
    s.close()


def _widget(qtbot, store, code="000.00.22.H57-261104-0001", officer="desk.hoa", **kw):
    from ui.survey import SurveyWidget

    w = SurveyWidget(store, code, UNIT.agency_id, officer,
                     clock=lambda: vn(2026, 11, 4, 9), close_after_ms=-1, **kw)
    qtbot.addWidget(w)
    w.resize(1280, 900)
    w.show()
    return w


def _tap(qtbot, w, name):
    from PySide6.QtWidgets import QPushButton

    button = w.findChild(QPushButton, name)
    assert button is not None, name
    assert button.height() >= 64  # a finger hits it
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return button


def test_survey_by_touch_anonymous(qtbot, store):
    w = _widget(qtbot, store)
    labels = [lbl.text() for lbl in w.findChildren(type(w.error))]
    for _, name in CRITERIA:
        assert any(name in t for t in labels)
    _tap(qtbot, w, "score_guidance_2")
    _tap(qtbot, w, "score_guidance_5")  # changed their mind: one score per criterion
    _tap(qtbot, w, "score_attitude_4")
    w.comment.setPlainText("<b>Cán bộ</b> nhiệt tình")
    with qtbot.waitSignal(w.submitted, timeout=2000) as sig:
        _tap(qtbot, w, "send")
    assert w.stack.currentIndex() == 1 and w.thanks.isVisible()
    (saved,) = answers(store, UNIT.agency_id, periods.month(2026, 11))
    assert saved.client_id == sig.args[0]
    assert dict(saved.scores) == {"guidance": 5, "attitude": 4}
    assert saved.anonymous and saved.applicant_name == ""
    assert saved.comment == "<b>Cán bộ</b> nhiệt tình"


def test_named_survey_needs_a_name_and_empty_is_refused(qtbot, store):
    w = _widget(qtbot, store)
    _tap(qtbot, w, "send")
    assert "ít nhất một mức đánh giá" in w.error.text()
    assert w.error.textFormat() == Qt.TextFormat.PlainText
    _tap(qtbot, w, "score_forms_3")
    qtbot.mouseClick(w.named, Qt.MouseButton.LeftButton)
    assert w.name.isEnabled()
    _tap(qtbot, w, "send")
    assert "họ và tên" in w.error.text()
    w.name.insert("Trần Văn Bảo")  # as an input method commits it (QTest types ASCII only)
    _tap(qtbot, w, "send")
    (saved,) = answers(store, UNIT.agency_id, periods.month(2026, 11))
    assert not saved.anonymous and saved.applicant_name == "Trần Văn Bảo"


def test_summary_and_feed_import(store):
    a = UNIT.agency_id
    base = {"dossier_code": "X", "agency_id": a, "officer": "o1", "answered_at": vn(2026, 11, 5)}
    save_answer(store, SurveyAnswer(**base, scores={"guidance": 4}, client_id="1"))
    assert not save_answer(store, SurveyAnswer(**base, scores={"guidance": 1}, client_id="1"))
    assert import_feed_survey(store, "Y", {"dossier_code": "Y", "answers": {"guidance": 2},
                                           "comment": "Chậm",
                                           "submitted_at": "2026-11-06T10:00:00+07:00"}, a)
    assert not import_feed_survey(store, "Y", {"dossier_code": "Y", "answers": {"guidance": 2},
                                               "submitted_at": "2026-11-06T10:00:00+07:00"}, a)
    got = answers(store, a, periods.month(2026, 11))
    assert [x.source for x in got] == ["counter", "portal"]
    s = summarise(got)
    assert s.criteria[0].average == 3.0 and s.per_officer is None
    assert [x.client_id for x in unsent_answers(store)] == ["1"]  # portal ones are not sent


def _district_dossier(portal) -> str:
    with portal.app.state.portal.db.read() as conn:
        return conn.execute(text("SELECT MIN(code) FROM dossiers WHERE agency_id = :a"),
                            {"a": SEED_DISTRICT}).scalar()


def test_answers_reach_the_portal_once_even_offline(qtbot, store, portal, memory_keyring):
    from sync.client import PortalClient
    from sync.errors import PortalUnavailable
    from sync.surveys import push_surveys

    client = PortalClient(portal.base_url, retries=1, backoff=0.01, timeout=2,
                          keyring_service="desk-app-reports-test")
    client.login("motcua.phuvang", "demo")
    code = _district_dossier(portal)  # the portal takes surveys of the unit's own dossiers
    portal.stop()  # the network goes down; the applicant answers anyway
    w = _widget(qtbot, store, code=code, officer="motcua.phuvang")
    w.agency_id = SEED_DISTRICT
    _tap(qtbot, w, "score_processing_time_1")
    w.comment.setPlainText("Mạng chậm")
    client_id = w.submit()
    assert client_id
    with pytest.raises(PortalUnavailable):
        push_surveys(store, client)
    assert [a.client_id for a in unsent_answers(store)] == [client_id]  # kept

    portal.start()  # back up on the same port and database
    assert push_surveys(store, client) == 1
    assert unsent_answers(store) == []
    assert push_surveys(store, client) == 0
    # A reply lost on the way back: the desk sends the same answer again.
    with store.transaction() as conn:
        conn.execute("UPDATE survey_answers SET sent = 0")
    assert push_surveys(store, client) == 1
    db = portal.app.state.portal.db
    with db.read() as conn:
        rows = conn.execute(text("SELECT client_id, data FROM desk_surveys")).all()
        feed = conn.execute(text("SELECT key FROM changes WHERE kind = 'survey'")).all()
    assert [r[0] for r in rows] == [client_id] and [f[0] for f in feed] == [client_id]
    wire = json.loads(rows[0][1])
    assert wire["scores"] == {"processing_time": 1} and wire["comment"] == "Mạng chậm"
    assert wire["anonymous"] is True and wire["applicant_name"] == ""


def test_portal_refuses_another_units_survey(store, portal, memory_keyring):
    from sync.client import PortalClient
    from sync.surveys import REFUSED, push_surveys

    client = PortalClient(portal.base_url, retries=0, keyring_service="desk-app-reports-test")
    client.login("motcua.phuvang", "demo")
    other = SurveyAnswer("D-1", "000.22.31.H57", "x", vn(2026, 11, 5), {"forms": 5},
                         client_id="other-unit")
    mine = SurveyAnswer(_district_dossier(portal), SEED_DISTRICT, "motcua.phuvang",
                        vn(2026, 11, 5), {"forms": 4}, client_id="mine")
    save_answer(store, other)
    save_answer(store, mine)
    assert push_surveys(store, client) == 1
    assert store._query("SELECT client_id, sent FROM survey_answers ORDER BY client_id") == [
        ("mine", 1), ("other-unit", REFUSED)]
    assert Role.DESK  # the desk officer's own unit only


def test_survey_after_a_return_at_the_counter(qtbot, history):
    from ui.survey import survey_after_return

    code = history.codes["B"]
    w = survey_after_return(history.store, code, "desk.hoa")
    qtbot.addWidget(w)
    assert w.isFullScreen() and w.officer == "spec.lan" and w.agency_id == UNIT.agency_id
    assert survey_after_return(history.store, "no-such-dossier", "desk.hoa") is None
    with qtbot.waitSignal(w.skipped, timeout=2000):
        _tap(qtbot, w, "skip")

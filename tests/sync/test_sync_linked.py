"""Liên thông at the desk against the real portal (the "hue2026" seed, loopback): a
transfer made while the line is cut waits in the outbox and arrives exactly once after
reconnection, even when the portal's first answer is lost; each unit's replica then holds
what it holds and keeps what it handed on, read-only; the centre lists the results that
came back for return."""

from __future__ import annotations

import pytest
from sync_helpers import password, portal_record, service
from sync_proxy import FaultyProxy

from desk_app.domain import Status
from desk_app.workflow import WorkflowError

CENTRE, JUSTICE = "000.00.01.H57", "000.00.12.H57"


@pytest.fixture
def hue_portal(db_url, memory_keyring):
    from server_stub.testing import run_portal

    with run_portal(db_url=db_url, seed="hue2026") as running:
        yield running


def _lose_first_answer(proxy: FaultyProxy) -> None:
    """The first command batch reaches the portal; its answer never comes back."""
    handle, fate = proxy.handle, proxy._fate
    pending = [True]

    def once(h):
        if pending and h.command == "POST" and h.path.endswith("/commands"):
            pending.clear()
            proxy._fate = lambda: "drop_after"
            try:
                handle(h)
            finally:
                proxy._fate = fate
            return
        handle(h)

    proxy.handle = once  # type: ignore[method-assign]


def test_a_transfer_made_offline_arrives_once_after_reconnection(hue_portal, make_desk):
    with FaultyProxy(hue_portal.base_url, drop=0, error=0, slow=0) as proxy:
        desk = make_desk(proxy.base_url, "centre", timeout=2.0, retries=1)
        officer = desk.client.login("motcua.ttpvhcc", password())
        assert desk.engine.sync_once().ok
        store = desk.store
        assert store.get_unit(JUSTICE) is not None  # every unit, for the picker
        [code] = [s.code for s in store.held_dossiers(CENTRE)
                  if s.status is Status.RECEIVED]
        before = {s.code for s in store.sent_to_other_units(CENTRE)}

        proxy.down = True  # the line is cut
        svc = service(desk, officer)
        d = svc.transfer(code, JUSTICE, "Chuyển Sở Tư pháp giải quyết")
        assert d.holder == JUSTICE and d.former_holders == (CENTRE,)
        assert code in {s.code for s in store.sent_to_other_units(CENTRE)} - before
        assert code not in {s.code for s in store.held_dossiers(CENTRE)}
        assert svc.allowed_actions(code) == []  # read-only once handed on
        with pytest.raises(WorkflowError) as refused:
            svc.apologise(code, "Cần xác minh", d.due_at)  # type: ignore[arg-type]
        assert refused.value.code == "not_holder"
        assert not desk.engine.sync_once().ok
        assert desk.engine.state().unsent == 1  # waiting in the outbox

        proxy.down = False
        _lose_first_answer(proxy)
        dropped = proxy.counts["dropped"]
        reports = []
        for _ in range(5):
            reports.append(desk.engine.sync_once())
            if reports[-1].ok and desk.engine.state().unsent == 0:
                break
        assert desk.engine.state().unsent == 0
        assert proxy.counts["dropped"] == dropped + 1  # the lost answer
        assert sum(r.duplicates for r in reports) == 1  # sent again, applied once

    record = portal_record(desk.client, code)
    assert [r["action"] for r in record["log"]].count("transfer") == 1
    assert record["dossier"]["holder_id"] == JUSTICE
    assert store.get_dossier(code).version == record["dossier"]["version"]
    assert desk.store.outbox(("rejected",)) == [] and desk.engine.conflicts() == []

    # The department's desk gets it as received from another unit, and may act on it.
    dept = make_desk(hue_portal.base_url, "justice")
    leader = dept.client.login("lanhdao.sotuphap", password())
    assert dept.engine.sync_once().ok
    assert code in {s.code for s in dept.store.received_from_other_units(JUSTICE)}
    assert code in {s.code for s in dept.store.dossier_summaries(holder_id=JUSTICE)}
    assert service(dept, leader).allowed_actions(code)


def test_each_desk_lists_what_it_holds_sent_got_and_gets_back(hue_portal, make_desk):
    centre = make_desk(hue_portal.base_url, "centre")
    centre.client.login("motcua.ttpvhcc", password())
    assert centre.engine.sync_once().ok
    back = centre.store.results_for_return(CENTRE)
    assert back and {s.status for s in back} == {Status.DONE}
    assert all(s.holder_id == "" for s in back)  # back at the centre's desk
    sent = centre.store.sent_to_other_units(CENTRE)
    assert sent and {s.holder_id for s in sent} == {JUSTICE}
    held = {s.code for s in centre.store.held_dossiers(CENTRE)}
    assert {s.code for s in back} <= held and not held & {s.code for s in sent}
    # The search finds a transferred dossier by its procedure (the deciding unit's).
    name = centre.store.get_procedure(centre.store.get_dossier(sent[0].code).procedure_code,
                                      JUSTICE).name
    assert sent[0].code in {s.code for s in centre.store.search_dossiers(name[:20], 500)}

    dept = make_desk(hue_portal.base_url, "justice")
    dept.client.login("chuyenvien.sotuphap", password())
    assert dept.engine.sync_once().ok
    got = {s.code for s in dept.store.received_from_other_units(JUSTICE)}
    assert got == {s.code for s in sent}  # what the centre sent, the department works on
    # What it sealed and sent back stays in its replica, read-only.
    for s in back:
        assert dept.store.get_dossier(s.code) is not None
        assert dept.store.get_dossier(s.code).holder == CENTRE

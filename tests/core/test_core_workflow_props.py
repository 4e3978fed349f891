"""Property tests: no sequence of actions escapes the table, and supplement time
never counts towards the deadline."""

from __future__ import annotations

from datetime import timedelta

from core_samples import COMMUNE, DEPARTMENT, DISTRICT, ctx_for, new_dossier, officer, vn
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain import ApologyLetter, Role, Status, Step
from desk_app.workflow import (
    RESUME,
    RULES,
    SAME,
    Action,
    WorkflowError,
    apply,
    state_of,
)

UNITS = {u.shape: u for u in (DEPARTMENT, DISTRICT, COMMUNE)}
ACTIONS = [a for a in Action if a is not Action.SUBMIT]
ROLE_SETS = [frozenset({r}) for r in Role] + [frozenset({Role.DESK, Role.SPECIALIST})]

steps = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS),
        st.sampled_from(ROLE_SETS),
        st.integers(min_value=1, max_value=60 * 30),  # minutes until the next action
        st.booleans(),  # unit_guidance_fault
        st.booleans(),  # with an apology letter
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(shape=st.sampled_from(list(UNITS)), seq=steps)
def test_no_sequence_leaves_the_table_and_pauses_never_count(shape, seq):
    unit = UNITS[shape]
    ctx = ctx_for(unit)
    cal = ctx.calendar
    limit = timedelta(hours=5 * 8)
    at = vn(2026, 11, 25, 8, 5)
    d, _ = apply(new_dossier(unit), Action.SUBMIT, Role.APPLICANT, at, ctx)
    paused_total = timedelta(0)
    pause_started = None
    for action, roles, minutes, fault, with_apology in seq:
        at += timedelta(minutes=minutes)
        actor = (officer("x", unit, *roles) if Role.SYSTEM not in roles else Role.SYSTEM)
        payload = {"reason": "lý do", "to": "chuyenvien", "missing": ["gcs"],
                   "register_number": "01/QĐ", "unit_guidance_fault": fault}
        if with_apology:
            payload["apology"] = ApologyLetter("1/PXL", at, "xin lỗi", at + timedelta(days=9))
        before = d
        try:
            d, row = apply(d, action, actor, at, ctx, payload)
        except WorkflowError:
            continue
        # The move is one the table names, from a state it names.
        rules = [r for r in RULES if r.action is action and state_of(before) in r.sources]
        assert rules, (action, state_of(before))
        targets = set()
        for r in rules:
            if r.target == RESUME:
                targets.add((before.resume_status, before.resume_step))
            elif r.target == SAME:
                targets.add(state_of(before))
            else:
                targets.add(r.target)
        assert state_of(d) in targets
        assert d.version == before.version + 1
        assert row.status_after is d.status
        assert (d.status is Status.IN_PROCESS) == (d.step is not None)
        assert d.step is None or isinstance(d.step, Step)
        if action is Action.REQUEST_SUPPLEMENT and before.received_at is not None:
            pause_started = at
        if action is Action.SUPPLEMENT_RECEIVED and pause_started is not None:
            paused_total += cal.working_time_between(pause_started, at)
            pause_started = None
        if d.received_at is not None and d.due_at is not None:
            # The deadline is the time limit plus exactly the working time spent paused.
            assert cal.working_time_between(d.received_at, d.due_at) == limit + paused_total

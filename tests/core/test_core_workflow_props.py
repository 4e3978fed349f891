"""Property tests: no sequence of actions escapes the table, and supplement time
never counts towards the deadline."""

from __future__ import annotations

from datetime import timedelta

from core_samples import COMMUNE, DEPARTMENT, DISTRICT, ctx_for, new_dossier, officer, vn
from hypothesis import event, given, settings
from hypothesis import strategies as st

from desk_app.domain import ApologyLetter, Role, Status, Step
from desk_app.workflow import (
    RESUME,
    RULES,
    SAME,
    Action,
    WorkflowError,
    allowed_actions,
    apply,
    state_of,
)

UNITS = {u.shape: u for u in (DEPARTMENT, DISTRICT, COMMUNE)}
ACTIONS = [a for a in Action if a is not Action.SUBMIT]
ROLE_SETS = [frozenset({r}) for r in Role] + [frozenset({Role.DESK, Role.SPECIALIST})]

CLOSING = {Action.WITHDRAW, Action.REFUSE, Action.STOP}


def _choose(data, d, unit):
    """Mostly an action the table allows now (so long journeys happen), else any."""
    everyone = officer("all", unit, *(set(Role) - {Role.SYSTEM}))
    allowed = [a for a in allowed_actions(d, everyone, unit) if a not in CLOSING]
    if allowed and data.draw(st.integers(0, 9), label="pick") < 8:
        action = data.draw(st.sampled_from(allowed), label="action")
        roles = sorted({r for rule in RULES if rule.action is action
                        and state_of(d) in rule.sources for r in rule.roles})
        role = data.draw(st.sampled_from(roles), label="role")
        extra = data.draw(st.sampled_from(ROLE_SETS), label="extra")
        return action, frozenset({role}) | (extra - {Role.SYSTEM})
    return (data.draw(st.sampled_from(ACTIONS), label="action"),
            data.draw(st.sampled_from(ROLE_SETS), label="roles"))


@settings(max_examples=300, deadline=None)
@given(shape=st.sampled_from(list(UNITS)), length=st.integers(0, 40), data=st.data())
def test_no_sequence_leaves_the_table_and_pauses_never_count(shape, length, data):
    unit = UNITS[shape]
    ctx = ctx_for(unit)
    cal = ctx.calendar
    limit = timedelta(hours=5 * 8)
    at = vn(2026, 11, 25, 8, 5)
    d, _ = apply(new_dossier(unit), Action.SUBMIT, Role.APPLICANT, at, ctx)
    paused_total = timedelta(0)
    pause_started = None
    for _ in range(length):
        action, roles = _choose(data, d, unit)
        at += timedelta(minutes=data.draw(st.integers(1, 60 * 30), label="minutes"))
        fault = data.draw(st.booleans(), label="unit_guidance_fault")
        with_apology = data.draw(st.booleans(), label="apology")
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
    event(f"ended {d.status.value}")  # shows the spread with --hypothesis-show-statistics

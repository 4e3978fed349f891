"""The role workspaces: desk, specialist, leader, clerk (and the commune's merged one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.domain import ProcessShape, Role

if TYPE_CHECKING:
    from ui.workspaces.base import Workspace


def workspaces_for(host) -> list[Workspace]:  # type: ignore[no-untyped-def]
    """One workspace per role the officer holds; desk + specialist at a commune is one."""
    from ui.workspaces.clerk import ClerkWorkspace
    from ui.workspaces.desk import CommuneWorkspace, DeskWorkspace
    from ui.workspaces.leader import LeaderWorkspace
    from ui.workspaces.linked import LinkedWorkspace
    from ui.workspaces.specialist import SpecialistWorkspace

    session = host.session
    unit = session.unit
    result: list[Workspace] = []
    merged = (session.has(Role.DESK) and session.has(Role.SPECIALIST)
              and unit is not None and unit.shape is ProcessShape.COMMUNE)
    if merged:
        result.append(CommuneWorkspace(host))
    else:
        if session.has(Role.DESK):
            result.append(DeskWorkspace(host))
        if session.has(Role.SPECIALIST):
            result.append(SpecialistWorkspace(host))
    if session.has(Role.LEADER):
        result.append(LeaderWorkspace(host))
    if session.has(Role.CLERK):
        result.append(ClerkWorkspace(host))
    if session.has(Role.DESK) or session.has(Role.LEADER):
        # liên thông, last: to and from other units; a leader assigns what another sent
        result.append(LinkedWorkspace(host))
    return result

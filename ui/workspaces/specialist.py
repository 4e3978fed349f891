"""Specialist (chuyên viên): assigned dossiers, drafts, supplement requests via the desk."""

from __future__ import annotations

from desk_app.domain import Status, Step
from ui.worklist import ListSpec
from ui.workspaces.base import Workspace

SPECIALIST_LISTS = (
    ListSpec("assigned", "Được giao xử lý", (Status.IN_PROCESS,), Step.PROCESSING, mine=True),
    ListSpec("waiting_leader", "Đã trình lãnh đạo", (Status.IN_PROCESS,), Step.APPROVAL,
             mine=True),
    ListSpec("spec_supplement", "Chờ bổ sung", (Status.SUPPLEMENT_REQUESTED,), mine=True),
)


class SpecialistWorkspace(Workspace):
    title = "Chuyên viên"
    key = "specialist"

    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__(host, SPECIALIST_LISTS)

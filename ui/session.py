"""What a logged-in officer's window works with: store, blobs, portal link, service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from desk_app.calendar import now_vn
from desk_app.domain import Officer, Role, Unit
from desk_app.services import DeskService
from desk_app.store import BlobStore, Store
from ui.portal import PortalLink
from ui.settings import Settings


@dataclass
class Session:
    store: Store
    blobs: BlobStore
    link: PortalLink
    settings: Settings
    data_dir: Path
    officer: Officer | None = None
    clock: Callable[[], datetime] = now_vn
    known_specialists: set[str] = field(default_factory=set)  # for "assign" suggestions
    _service: DeskService | None = field(default=None, repr=False)
    _names: dict[str, str] | None = field(default=None, repr=False)

    def log_in(self, officer: Officer) -> None:
        self.officer = officer
        self.link.attach(self.store, self.blobs)
        self._service = DeskService(self.store, officer, clock=self.clock,
                                    work_gate=self.link.work_gate(),
                                    calendar=self.settings.calendar())

    def log_out(self) -> None:
        self.officer = None
        self._service = None

    @property
    def service(self) -> DeskService:
        if self._service is None:
            raise RuntimeError("no officer is logged in")
        return self._service

    @property
    def unit(self) -> Unit | None:
        if self.officer is None:
            return None
        return self.store.get_unit(self.officer.unit_id) or self.link.unit()

    @property
    def agency_id(self) -> str:
        return self.officer.unit_id if self.officer else ""

    def has(self, role: Role) -> bool:
        return self.officer is not None and self.officer.has(role)

    def procedure_names(self) -> dict[str, str]:
        if self._names is None:
            self.refresh_names()
        return self._names or {}

    def refresh_names(self) -> None:
        self._names = {p.code: p.name for p in self.store.procedures(self.agency_id or None)}

    @property
    def output_dir(self) -> Path:
        """Where forms "printed to a file" go when no printer is set."""
        path = Path(self.settings.receipt_output_dir or self.data_dir / "printed")
        path.mkdir(parents=True, exist_ok=True)
        return path

"""What a logged-in officer's window works with: store, blobs, portal link, service."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_app.calendar import WorkCalendar, now_vn
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
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # officer directory
    _service: DeskService | None = field(default=None, repr=False)
    _names: dict[str, str] | None = field(default=None, repr=False)

    def log_in(self, officer: Officer) -> None:
        self.officer = officer
        self.link.attach(self.store, self.blobs)
        self.load_directory()
        self._service = DeskService(self.store, officer, clock=self.clock,
                                    work_gate=self.link.work_gate(),
                                    calendar=self.settings.calendar())

    def calendar(self) -> WorkCalendar:
        """The unit's working calendar (its session hours): every clock the window shows
        counts working time with it, as the service does."""
        if self._service is not None:
            return self._service.calendar()  # with the unit's days off and make-up days
        return self.settings.calendar()

    # --- the unit's officer directory (people by full name) --------------------------

    def _directory_file(self) -> Path:
        unit = self.officer.unit_id if self.officer else "none"
        return self.data_dir / f"officers-{unit}.json"

    def load_directory(self) -> None:
        """The last directory fetched (works offline); names and titles only."""
        try:
            people = json.loads(self._directory_file().read_text("utf-8"))
            self.people = {p["username"]: p for p in people if isinstance(p, dict)}
        except (OSError, ValueError, KeyError, TypeError):
            self.people = {}

    def refresh_directory(self) -> dict[str, dict[str, Any]]:
        """On a worker: fetch from the portal and keep a copy on this machine."""
        people = self.link.officers()
        target = self._directory_file()
        tmp = target.with_suffix(".part")
        tmp.write_text(json.dumps(people, ensure_ascii=False), "utf-8")
        tmp.replace(target)
        return {p["username"]: p for p in people}

    def person(self, username: str) -> str:
        """'Trần Thị Mai' for 'chuyenvien.phuvang' (the login name when unknown)."""
        p = self.people.get(username)
        return str(p.get("full_name") or username) if p else username

    def person_with_title(self, username: str) -> str:
        p = self.people.get(username)
        if not p:
            return username
        title = str(p.get("title") or "")
        return f"{p.get('full_name') or username}" + (f" — {title}" if title else "")

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
        # every unit's procedures (a linked dossier may follow another unit's), the
        # officer's own unit winning where a code is shared
        names = {p.code: p.name for p in self.store.procedures(None)}
        if self.agency_id:
            names.update({p.code: p.name for p in self.store.procedures(self.agency_id)})
        self._names = names

    @property
    def output_dir(self) -> Path:
        """Where forms "printed to a file" go when no printer is set."""
        path = Path(self.settings.receipt_output_dir or self.data_dir / "printed")
        path.mkdir(parents=True, exist_ok=True)
        return path

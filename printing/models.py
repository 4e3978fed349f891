"""Inputs the forms need beyond the domain types: who prints, where, and postal batches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desk_app.domain import Dossier, Officer, OutgoingRegisterRow, Procedure, Timeliness, Unit

if TYPE_CHECKING:
    from desk_app.calendar import WorkCalendar


@dataclass(frozen=True)
class FormContext:
    """Everything a form's header and signature blocks need.

    `place` is the place name written before the date ("Phú Vang, ngày …");
    `now` is the date printed in that line and must be timezone-aware.
    """

    unit: Unit
    officer: Officer
    place: str
    now: datetime
    desk_name: str = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    register_book: str = ""  # Quyển số of the dossier register (Mẫu 06)
    register_line: str = ""  # Số thứ tự in that book
    help_line: str = ""  # phone number citizens call for guidance
    leader_name: str = ""  # the head of the unit, who signs Mẫu 04
    leader_title: str = "THỦ TRƯỞNG CƠ QUAN"
    # The officer directory, username → full name: forms name people, not accounts.
    # A username missing here is printed as it is.
    people: Mapping[str, str] = field(default_factory=dict)
    # The unit's working calendar, to check an apology's new appointment (form 04);
    # None: the default calendar (Monday-Friday, public holidays).
    calendar: WorkCalendar | None = None

    def person(self, who: str) -> str:
        """The full name of `who` (a username, or already a name)."""
        if not who:
            return ""
        if who == self.officer.username and self.officer.full_name:
            return self.officer.full_name
        return self.people.get(who) or who


@dataclass(frozen=True)
class PostalItem:
    """One line of the postal handover slip: one envelope batch for one dossier."""

    dossier_code: str
    recipient: str
    address: str
    phone: str = ""
    envelopes: int = 1
    fee: int = 0  # đồng; Art. 13 / App. 3: postal fees are paid through the post
    number_and_symbol: str = ""  # of the result document sent, e.g. 125/GP-UBND
    note: str = ""


@dataclass(frozen=True)
class PostalBatch:
    """Dossiers handed to the post in one pick-up (App. step 5, Art. 13)."""

    number: str  # slip number, e.g. 12/PGBC
    pickup_at: datetime
    postal_unit: str  # e.g. "Bưu điện huyện Phú Vang"
    courier: str = ""  # the postal employee who picks up
    items: tuple[PostalItem, ...] = ()

    @property
    def total_fee(self) -> int:
        return sum(i.fee for i in self.items)

    @property
    def total_envelopes(self) -> int:
        return sum(i.envelopes for i in self.items)


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the dossier register (Mẫu 06)."""

    dossier: Dossier
    procedure: Procedure | None = None
    handling_agency: str = ""
    collected_how: str = ""  # e.g. "Trực tiếp", "Bưu chính"
    signature_note: str = ""


@dataclass(frozen=True)
class OutgoingRegister:
    """The outgoing-document register (Decree 30/2020, Appendix IV) for a period."""

    title_period: str  # e.g. "Năm 2026"
    rows: tuple[OutgoingRegisterRow, ...] = field(default_factory=tuple)
    sent_dates: dict[int, datetime] = field(default_factory=dict)  # number → date sent
    # dossier code → username of the leader who signed its result (Dossier.approved_by):
    # the "Người ký" column names the leader, not the clerk who applied the seal.
    approved_by: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitPart:
    """One agency's part of a linked (liên thông) procedure, for the control slip:
    its own time budget inside the procedure's total and the time it is due."""

    unit: str  # as log rows name it
    budget: str = ""  # e.g. "5 ngày làm việc"
    due_at: datetime | None = None
    # From the dossier's own part (Dossier.parts), when known: when the unit handed it on
    # and whether it kept its own budget; otherwise taken from the log.
    handed_at: datetime | None = None
    timeliness: Timeliness | None = None


@dataclass(frozen=True)
class StopNotice:
    """Form 05 of Circular 03/2025 (Thông báo dừng giải quyết hồ sơ). Empty fields are
    taken from the dossier's last "stop" log row (its note, time and officer)."""

    number: str = ""
    reason: str = ""
    stopped_at: datetime | None = None
    stopped_by: str = ""  # username or name of the leader who decided

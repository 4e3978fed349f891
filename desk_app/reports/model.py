"""What a report holds: counters, their groupings, the late list, the weekly series.

Plain dataclasses that serialise to JSON (`to_dict` / `report_from_dict`), so the
same object is exported to XLSX/PDF, shown in the application and sent to the portal.
The meaning of every counter is written in `desk_app.reports.compute`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# The counters in the order reports print them, with their Vietnamese names.
COUNTER_NAMES_VI: dict[str, str] = {
    "carried_over": "Kỳ trước chuyển qua",
    "received_online": "Tiếp nhận trực tuyến",
    "received_in_person": "Tiếp nhận trực tiếp",
    "received_post": "Tiếp nhận qua bưu chính",
    "resolved_early": "Giải quyết trước hạn",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "in_progress_on_time": "Đang giải quyết trong hạn",
    "in_progress_overdue": "Đang giải quyết quá hạn",
    "waiting_supplement": "Đang chờ bổ sung",
    "supplement_requests": "Yêu cầu bổ sung (lượt)",
    "refused": "Từ chối tiếp nhận",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng xử lý",
    "closed_without_result": "Kết thúc không có kết quả",
    "returned": "Đã trả kết quả",
    "digitised": "Có thành phần được số hóa",
    "fee_dossiers": "Có phí, lệ phí",
    "paid_online": "Thanh toán trực tuyến",
    "electronic_results": "Kết quả giải quyết điện tử",
}

# Derived figures (the sums and the shares of Decision 766/QĐ-TTg's indicators).
DERIVED_NAMES_VI: dict[str, str] = {
    "received": "Tổng tiếp nhận mới",
    "to_handle": "Tổng số hồ sơ phải giải quyết",
    "resolved": "Tổng đã giải quyết",
    "in_progress": "Tổng đang giải quyết",
    "on_time_share": "Tỷ lệ giải quyết trước hạn, đúng hạn",
    "online_share": "Tỷ lệ hồ sơ trực tuyến",
    "digitised_share": "Tỷ lệ hồ sơ được số hóa",
    "online_payment_share": "Tỷ lệ thanh toán trực tuyến",
    "electronic_result_share": "Tỷ lệ kết quả điện tử",
}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Counts:
    carried_over: int = 0
    received_online: int = 0
    received_in_person: int = 0
    received_post: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_on_time: int = 0
    in_progress_overdue: int = 0
    waiting_supplement: int = 0
    supplement_requests: int = 0
    refused: int = 0
    withdrawn: int = 0
    stopped: int = 0
    closed_without_result: int = 0
    returned: int = 0
    digitised: int = 0
    fee_dossiers: int = 0
    paid_online: int = 0
    electronic_results: int = 0

    @property
    def received(self) -> int:
        return self.received_online + self.received_in_person + self.received_post

    @property
    def to_handle(self) -> int:
        return self.carried_over + self.received

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress(self) -> int:
        return self.in_progress_on_time + self.in_progress_overdue + self.waiting_supplement

    @property
    def on_time_share(self) -> float | None:
        return _share(self.resolved_early + self.resolved_on_time, self.resolved)

    @property
    def online_share(self) -> float | None:
        return _share(self.received_online, self.received)

    @property
    def digitised_share(self) -> float | None:
        # Decision 766: digitisation concerns what arrives on paper.
        return _share(self.digitised, self.received_in_person + self.received_post)

    @property
    def online_payment_share(self) -> float | None:
        return _share(self.paid_online, self.fee_dossiers)

    @property
    def electronic_result_share(self) -> float | None:
        # Decision 766: results issued as signed electronic documents.
        return _share(self.electronic_results, self.resolved)

    def value(self, key: str) -> int | float | None:
        return getattr(self, key)

    def add(self, other: Counts) -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = dataclasses.asdict(self)
        for key in DERIVED_NAMES_VI:
            d[key] = getattr(self, key)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Counts:
        return cls(**{f.name: int(d.get(f.name, 0)) for f in dataclasses.fields(cls)})


@dataclass
class GroupRow:
    """The counters of one procedure, one field (lĩnh vực) or one unit."""

    key: str
    name: str
    counts: Counts

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "counts": self.counts.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GroupRow:
        return cls(d["key"], d["name"], Counts.from_dict(d["counts"]))


@dataclass
class Apology:
    number: str
    issued_at: str  # ISO 8601 with offset
    reason: str
    new_due_at: str
    cause: str = "late"


@dataclass
class LateDossier:
    """A dossier resolved late in the period, or overdue at its end, with its apologies."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: str | None
    due_at: str | None
    finished_at: str | None  # None: still in progress at the end of the period
    apologies: list[Apology] = field(default_factory=list)


@dataclass
class ReceiptBreach:
    """An online dossier first answered after its 60-minute receipt clock (Art. 12.1.a):
    received, refused or sent back for supplement late."""

    code: str
    applicant_name: str
    submitted_at: str | None
    receipt_due_at: str
    answered_at: str
    action: str  # receive, refuse or request_supplement
    answered_by: str


@dataclass
class WeekPoint:
    week_start: date  # the Monday
    received: int
    resolved: int


@dataclass
class UnitReport:
    agency_id: str
    unit_name: str
    period_code: str
    period_label: str
    start: date
    end: date
    as_of: datetime
    totals: Counts
    by_procedure: list[GroupRow] = field(default_factory=list)
    by_field: list[GroupRow] = field(default_factory=list)
    weekly: list[WeekPoint] = field(default_factory=list)
    late: list[LateDossier] = field(default_factory=list)
    survey: dict[str, Any] | None = None  # see desk_app.reports.survey.SurveySummary
    receipt_breaches: list[ReceiptBreach] = field(default_factory=list)
    # Liên thông: the unit's own parts of dossiers several units handled (reports.parts).
    own_parts: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "agency_id": self.agency_id,
            "unit_name": self.unit_name,
            "period": self.period_code,
            "period_label": self.period_label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "totals": self.totals.to_dict(),
            "by_procedure": [r.to_dict() for r in self.by_procedure],
            "by_field": [r.to_dict() for r in self.by_field],
            "weekly": [{"week_start": w.week_start.isoformat(), "received": w.received,
                        "resolved": w.resolved} for w in self.weekly],
            "late": [dataclasses.asdict(x) for x in self.late],
            "survey": self.survey,
            "receipt_breaches": [dataclasses.asdict(x) for x in self.receipt_breaches],
            "own_parts": self.own_parts,
        }


def report_from_dict(d: dict[str, Any]) -> UnitReport:
    """The inverse of `UnitReport.to_dict` (what the portal stores and sends back)."""
    return UnitReport(
        agency_id=d["agency_id"],
        unit_name=d.get("unit_name", ""),
        period_code=d["period"],
        period_label=d.get("period_label", d["period"]),
        start=date.fromisoformat(d["start"]),
        end=date.fromisoformat(d["end"]),
        as_of=datetime.fromisoformat(d["as_of"]),
        totals=Counts.from_dict(d["totals"]),
        by_procedure=[GroupRow.from_dict(r) for r in d.get("by_procedure", ())],
        by_field=[GroupRow.from_dict(r) for r in d.get("by_field", ())],
        weekly=[WeekPoint(date.fromisoformat(w["week_start"]), int(w["received"]),
                          int(w["resolved"])) for w in d.get("weekly", ())],
        late=[LateDossier(**{**x, "apologies": [Apology(**a) for a in x.get("apologies", ())]})
              for x in d.get("late", ())],
        survey=d.get("survey"),
        receipt_breaches=[ReceiptBreach(**x) for x in d.get("receipt_breaches", ())],
        own_parts=d.get("own_parts"),
    )

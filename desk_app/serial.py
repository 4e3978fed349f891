"""(De)serialisation of the domain types, shared by the store and the wire protocol.

`to_dict` writes any domain value as JSON-ready data (datetimes in ISO 8601 with their
offset); the `*_from_dict` functions read it back. `desk_app.domain` re-exports them.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from typing import Any

from desk_app.domain import (
    ApologyLetter,
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    ComponentSpec,
    Dossier,
    DossierComponent,
    DossierPart,
    FeePayment,
    FileRef,
    LogRow,
    Officer,
    Procedure,
    ProcedurePart,
    ProcessShape,
    ResultDelivery,
    Role,
    Status,
    Step,
    SupplementFault,
    SupplementRequest,
    SupplementStage,
    TimeLimit,
    Timeliness,
    TimeUnit,
    Unit,
    UnitLevel,
)


def to_dict(obj: Any) -> Any:
    """A JSON-ready form of any domain value: datetimes in ISO 8601 with offset."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, (tuple, list)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, (frozenset, set)):
        return sorted(to_dict(v) for v in obj)
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _opt(enum_type: type[enum.Enum], value: str | None) -> Any:
    return enum_type(value) if value else None


def file_ref_from_dict(d: dict[str, Any]) -> FileRef:
    return FileRef(**d)


def procedure_from_dict(d: dict[str, Any]) -> Procedure:
    return Procedure(
        code=d["code"],
        agency_id=d["agency_id"],
        name=d["name"],
        field=d.get("field", ""),
        steps=tuple(d.get("steps", ())),
        submit_ways=tuple(Channel(c) for c in d.get("submit_ways", ("in_person", "online"))),
        components=tuple(ComponentSpec(**c) for c in d.get("components", ())),
        time_limit=TimeLimit(d["time_limit"]["amount"], TimeUnit(d["time_limit"]["unit"])),
        applicants=d.get("applicants", ""),
        handling_agency=d.get("handling_agency", ""),
        result=d.get("result", ""),
        conditions=d.get("conditions", ""),
        fees=d.get("fees", ""),
        fee_amount=int(d.get("fee_amount", 0)),
        legal_basis=tuple(d.get("legal_basis", ())),
        place_and_time=d.get("place_and_time", ""),
        result_template=d.get("result_template", ""),
        result_on_paper=bool(d.get("result_on_paper", False)),
        processing_group=d.get("processing_group", ""),
        province_wide=bool(d.get("province_wide", False)),
        parts=tuple(ProcedurePart(p["agency_id"], p.get("task", ""), TimeLimit(
            p["budget"]["amount"], TimeUnit(p["budget"]["unit"]))) for p in d.get("parts", ())),
    )


def applicant_from_dict(d: dict[str, Any]) -> Applicant:
    return Applicant(**{**d, "kind": ApplicantKind(d["kind"])})


def dossier_from_dict(d: dict[str, Any]) -> Dossier:
    return Dossier(
        code=d["code"],
        procedure_code=d["procedure_code"],
        agency_id=d["agency_id"],
        applicant=applicant_from_dict(d["applicant"]),
        channel=Channel(d["channel"]),
        components=tuple(
            DossierComponent(
                code=c["code"],
                name=c["name"],
                required=c.get("required", True),
                files=tuple(file_ref_from_dict(f) for f in c.get("files", ())),
                source=ComponentSource(c.get("source", "uploaded")),
                copies=c.get("copies", 1),
            )
            for c in d.get("components", ())
        ),
        fee_payment=FeePayment(d.get("fee_payment", "none")),
        result_delivery=ResultDelivery(d.get("result_delivery", "counter")),
        postal_address=d.get("postal_address", ""),
        status=_opt(Status, d.get("status")),
        step=_opt(Step, d.get("step")),
        version=int(d.get("version", 0)),
        subject=d.get("subject", ""),
        submitted_at=_dt(d.get("submitted_at")),
        receipt_due_at=_dt(d.get("receipt_due_at")),
        received_at=_dt(d.get("received_at")),
        due_at=_dt(d.get("due_at")),
        paused_at=_dt(d.get("paused_at")),
        resume_status=_opt(Status, d.get("resume_status")),
        resume_step=_opt(Step, d.get("resume_step")),
        assigned_to=d.get("assigned_to", ""),
        received_by=d.get("received_by", ""),
        supplements=tuple(
            SupplementRequest(
                number=s["number"],
                requested_at=datetime.fromisoformat(s["requested_at"]),
                requested_by=s["requested_by"],
                missing=tuple(s["missing"]),
                reason=s["reason"],
                unit_guidance_fault=s.get("unit_guidance_fault", False),
                received_at=_dt(s.get("received_at")),
                stage=SupplementStage(s.get("stage", "processing")),
                fault=_opt(SupplementFault, s.get("fault")),
            )
            for s in d.get("supplements", ())
        ),
        apologies=tuple(apology_from_dict(a) for a in d.get("apologies", ())),
        refusal_reason=d.get("refusal_reason", ""),
        result_files=tuple(file_ref_from_dict(f) for f in d.get("result_files", ())),
        register_number=d.get("register_number", ""),
        finished_at=_dt(d.get("finished_at")),
        returned_at=_dt(d.get("returned_at")),
        provisional=bool(d.get("provisional", False)),
        receipt_number=d.get("receipt_number", ""),
        receipt_book=d.get("receipt_book", ""),
        receipt_line=int(d.get("receipt_line", 0)),
        approved_by=d.get("approved_by", ""),
        approved_at=_dt(d.get("approved_at")),
        result_sha256=d.get("result_sha256", ""),
        last_event_at=_dt(d.get("last_event_at")),
        holder_id=d.get("holder_id", ""),
        procedure_agency=d.get("procedure_agency", ""),
        former_holders=tuple(d.get("former_holders", ())),
        parts=tuple(DossierPart(
            agency_id=p["agency_id"], task=p.get("task", ""),
            started_at=_dt(p.get("started_at")), due_at=_dt(p.get("due_at")),
            finished_at=_dt(p.get("finished_at")),
            timeliness=_opt(Timeliness, p.get("timeliness"))) for p in d.get("parts", ())),
    )


def apology_from_dict(d: dict[str, Any]) -> ApologyLetter:
    return ApologyLetter(
        number=d["number"],
        issued_at=datetime.fromisoformat(d["issued_at"]),
        reason=d["reason"],
        new_due_at=datetime.fromisoformat(d["new_due_at"]),
        issued_by=d.get("issued_by", ""),
        cause=d.get("cause", "late"),
    )


def log_row_from_dict(d: dict[str, Any]) -> LogRow:
    return LogRow(
        dossier_code=d["dossier_code"],
        seq=int(d["seq"]),
        action=d["action"],
        unit=d["unit"],
        handed_by=d["handed_by"],
        received_by=d["received_by"],
        handed_at=datetime.fromisoformat(d["handed_at"]),
        due_at=_dt(d.get("due_at")),
        timeliness=_opt(Timeliness, d.get("timeliness")),
        status_after=Status(d["status_after"]),
        note=d.get("note", ""),
        result_sha256=d.get("result_sha256", ""),
        ready_at=_dt(d.get("ready_at")),
        local_at=_dt(d.get("local_at")),
    )


def unit_from_dict(d: dict[str, Any]) -> Unit:
    known = {f.name for f in dataclasses.fields(Unit)}
    return Unit(**{**{k: v for k, v in d.items() if k in known},
                   "shape": ProcessShape(d["shape"]),
                   "sessions": tuple(d.get("sessions", ())),
                   "level": _opt(UnitLevel, d.get("level")),
                   "receives": tuple(d.get("receives", ())),
                   "decides": tuple(d.get("decides", ()))})


def officer_from_dict(d: dict[str, Any]) -> Officer:
    return Officer(
        username=d["username"],
        full_name=d["full_name"],
        unit_id=d["unit_id"],
        roles=frozenset(Role(r) for r in d["roles"]),
        title=d.get("title", ""),
        group=d.get("group", ""),
        cert_sha256=d.get("cert_sha256", ""),
    )


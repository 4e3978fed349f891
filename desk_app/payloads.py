"""Each workflow action's payload as its own type: what an action may carry is in its type.

A command names an action and carries a record whose fields are exactly what that action
may change. `parse(action, raw)` reads a payload as it comes over the wire (a JSON
object) strictly: a field the action may not carry, a wrong JSON type, an over-long text
or a malformed file reference is a `PayloadError`, never something quietly applied or a
crash. The portal parses once at its boundary; the workflow accepts only the typed record
of its action. Only the actions that produce a result (submit_draft, approve,
seal_and_register) have a `result_files` field at all; fields the portal owns (codes,
register of receipt times, log, apologies, …) are on no payload.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from desk_app.domain import (
    ApologyLetter,
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    Dossier,
    DossierComponent,
    FeePayment,
    FileRef,
    ResultDelivery,
    SupplementFault,
)
from desk_app.errors import WorkflowError

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_TEXT = 2000
MAX_FILES = 200
MAX_FILE_SIZE = 1 << 40
# acted_at and dates in payloads: a real desk never writes a year outside this range.
YEARS = range(2000, 2101)


class PayloadError(WorkflowError):
    """A payload that its action may not carry, or that is malformed."""


def _err(code: str, vi: str, en: str) -> PayloadError:
    return PayloadError(code, vi, en)


# --- strict readers for JSON values -------------------------------------------------


def read_text(raw: Any, name: str, *, required: bool = False, max_len: int = MAX_TEXT) -> str:
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        raise _err("bad_payload", f"Trường “{name}” phải là chuỗi ký tự",
                   f"Field {name!r} must be a string")
    value = raw.strip()
    if len(value) > max_len:
        raise _err("bad_payload", f"Trường “{name}” dài quá {max_len} ký tự",
                   f"Field {name!r} is longer than {max_len} characters")
    if required and not value:
        raise _err("bad_payload", f"Thiếu nội dung trường “{name}”", f"Field {name!r} is empty")
    return value


def read_int(raw: Any, name: str, *, low: int = 0, high: int = 2**31 - 1) -> int:
    # bool is an int in Python, and 1e999 is a float: both are refused.
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise _err("bad_payload", f"Trường “{name}” phải là số nguyên từ {low} đến {high}",
                   f"Field {name!r} must be an integer from {low} to {high}")
    return raw


def read_datetime(raw: Any, name: str) -> datetime:
    if not isinstance(raw, str) or not raw.isascii() or len(raw) > 40:
        raise _err("bad_payload", f"Trường “{name}” phải là thời điểm ISO 8601",
                   f"Field {name!r} must be an ISO 8601 datetime")
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise _err("bad_payload", f"Trường “{name}” không phải thời điểm hợp lệ",
                   f"Field {name!r} is not a valid datetime") from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise _err("naive_datetime", f"Trường “{name}” thiếu múi giờ",
                   f"Field {name!r} has no time zone")
    if at.year not in YEARS:
        raise _err("bad_payload", f"Trường “{name}” có năm không hợp lệ ({at.year})",
                   f"Field {name!r} has an implausible year ({at.year})")
    return at


def _object(raw: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise _err("bad_payload", f"Trường “{name}” phải là một đối tượng",
                   f"Field {name!r} must be an object")
    return raw


def _list(raw: Any, name: str, limit: int = MAX_FILES) -> list[Any]:
    if not isinstance(raw, list | tuple):
        raise _err("bad_payload", f"Trường “{name}” phải là danh sách",
                   f"Field {name!r} must be a list")
    if len(raw) > limit:
        raise _err("bad_payload", f"Trường “{name}” có quá {limit} phần tử",
                   f"Field {name!r} has more than {limit} items")
    return list(raw)


def _only(raw: Mapping[str, Any], allowed: set[str], what: str) -> None:
    extra = sorted(str(k) for k in raw if k not in allowed)
    if extra:
        raise _err("field_not_allowed",
                   f"“{what}” không được mang trường: " + ", ".join(extra),
                   f"{what!r} may not carry: " + ", ".join(extra))


def read_file(raw: Any, name: str) -> FileRef:
    if isinstance(raw, FileRef):
        raw = dataclasses.asdict(raw)
    f = _object(raw, name)
    _only(f, {"sha256", "filename", "media_type", "size", "pages"}, name)
    sha = f.get("sha256")
    if not isinstance(sha, str) or not SHA256_RE.match(sha):
        raise _err("bad_file", f"Tệp trong “{name}” có mã SHA-256 không hợp lệ",
                   f"A file in {name!r} has no valid sha256 (64 lower-case hex digits)")
    return FileRef(
        sha256=sha,
        filename=read_text(f.get("filename"), f"{name}.filename", required=True, max_len=255),
        media_type=read_text(f.get("media_type", "application/pdf"), f"{name}.media_type",
                             required=True, max_len=100),
        size=read_int(f.get("size", 0), f"{name}.size", high=MAX_FILE_SIZE),
        pages=read_int(f.get("pages", 0), f"{name}.pages", high=100_000),
    )


def read_files(raw: Any, name: str, *, required: bool = False) -> tuple[FileRef, ...]:
    if raw is None and not required:
        return ()
    files = tuple(read_file(f, f"{name}[{i}]") for i, f in enumerate(_list(raw, name)))
    if required and not files:
        raise _err("result_required", f"Thiếu tệp trong “{name}”", f"{name!r} is empty")
    return files


def _enum(kind: type, raw: Any, name: str, default: Any = None) -> Any:
    if raw is None and default is not None:
        return default
    try:
        return kind(raw)
    except (ValueError, TypeError):
        raise _err("bad_payload", f"Giá trị của “{name}” không hợp lệ",
                   f"Field {name!r} has an invalid value") from None


def read_apology(raw: Any, name: str = "apology") -> ApologyLetter:
    if isinstance(raw, ApologyLetter):
        return raw
    a = _object(raw, name)
    # issued_at and issued_by are the portal's: the time and the officer of the command.
    _only(a, {"number", "reason", "new_due_at", "cause", "issued_at", "issued_by"}, name)
    cause = read_text(a.get("cause", "late"), f"{name}.cause", max_len=20)
    if cause not in ("late", "supplement"):
        raise _err("bad_payload", "Loại thư xin lỗi không hợp lệ", "apology.cause is invalid")
    new_due = read_datetime(a.get("new_due_at"), f"{name}.new_due_at")
    return ApologyLetter(
        number=read_text(a.get("number"), f"{name}.number", max_len=50),
        issued_at=new_due,  # replaced by the workflow with the command's time
        reason=read_text(a.get("reason"), f"{name}.reason", required=True),
        new_due_at=new_due,
        cause=cause,
    )


# --- the payload types ----------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    """Fields every action may carry: a free note for the processing log."""

    ACTION: ClassVar[str] = ""
    note: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Field values of `raw` for this type (the subclasses add theirs)."""
        return {"note": read_text(raw.get("note"), "note")}

    def to_wire(self) -> dict[str, Any]:
        from desk_app.domain import to_dict

        return {k: v for k, v in to_dict(self).items() if v not in ("", None, [], {})}


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@dataclass(frozen=True)
class Submit(Payload):
    """A dossier taken in at a desk. Only what the applicant gives is read from it."""

    ACTION: ClassVar[str] = "submit"
    dossier: Dossier | None = None

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        given = raw.get("dossier")
        # The workflow applies submit to the dossier itself; the portal requires this field.
        return {**super().read(raw),
                "dossier": None if given is None else read_submitted_dossier(given)}


@dataclass(frozen=True)
class Receive(Payload):
    ACTION: ClassVar[str] = "receive"
    assign_to: str = ""  # the specialist who will process it (district/commune)
    receipt_line: int = 0  # the unit's receipt register: line number from a leased block

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw),
                "assign_to": read_text(raw.get("assign_to"), "assign_to", max_len=100),
                "receipt_line": read_int(raw.get("receipt_line", 0), "receipt_line",
                                         high=10_000_000)}


@dataclass(frozen=True)
class Refuse(Payload):
    ACTION: ClassVar[str] = "refuse"
    reason: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "reason": read_text(raw.get("reason"), "reason")}


@dataclass(frozen=True)
class RequestSupplement(Payload):
    ACTION: ClassVar[str] = "request_supplement"
    missing: tuple[str, ...] = ()
    reason: str = ""
    number: str = ""
    fault: SupplementFault | None = None  # stated by the officer for a repeated request
    apology: ApologyLetter | None = None
    # An older desk's tick box "the unit's guidance was at fault": the workflow reads it
    # as the fault of the desk or of the processing unit, by the stage of the request.
    unit_guidance_fault: bool = False

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        missing = tuple(read_text(c, f"missing[{i}]", required=True, max_len=100)
                        for i, c in enumerate(_list(raw.get("missing", []), "missing")))
        fault = raw.get("fault")
        return {**super().read(raw), "missing": missing,
                "reason": read_text(raw.get("reason"), "reason"),
                "number": read_text(raw.get("number"), "number", max_len=50),
                "fault": None if fault is None else _enum(SupplementFault, fault, "fault"),
                "apology": None if raw.get("apology") is None
                else read_apology(raw.get("apology")),
                "unit_guidance_fault": _bool(raw.get("unit_guidance_fault", False),
                                             "unit_guidance_fault")}


@dataclass(frozen=True)
class SupplementReceived(Payload):
    ACTION: ClassVar[str] = "supplement_received"
    component_files: Mapping[str, tuple[FileRef, ...]] = dataclasses.field(default_factory=dict)

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        given = _object(raw.get("component_files", {}), "component_files")
        if len(given) > MAX_FILES:
            raise _err("bad_payload", "Quá nhiều thành phần", "Too many components")
        files = {read_text(k, "component_files", required=True, max_len=100):
                 read_files(v, f"component_files.{k}") for k, v in given.items()}
        return {**super().read(raw), "component_files": files}


@dataclass(frozen=True)
class Assign(Payload):
    ACTION: ClassVar[str] = "assign"
    to: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "to": read_text(raw.get("to"), "to", max_len=100)}


@dataclass(frozen=True)
class RequestFees(Payload):
    ACTION: ClassVar[str] = "request_fees"
    amount: int = 0  # đồng

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw),
                "amount": read_int(raw.get("amount", 0), "amount", high=10**13)}


@dataclass(frozen=True)
class FeesPaid(Payload):
    ACTION: ClassVar[str] = "fees_paid"


@dataclass(frozen=True)
class _WithResult(Payload):
    result_files: tuple[FileRef, ...] = ()
    REQUIRED: ClassVar[tuple[str, str] | None] = None  # (vi, en) when the file is required

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        files = read_files(raw.get("result_files"), "result_files")
        if cls.REQUIRED and not files:
            raise _err("result_required", *cls.REQUIRED)
        return {**super().read(raw), "result_files": files}


@dataclass(frozen=True)
class SubmitDraft(_WithResult):
    ACTION: ClassVar[str] = "submit_draft"


@dataclass(frozen=True)
class Approve(_WithResult):
    """App. step 3: the result carrying the approving leader's signature."""

    ACTION: ClassVar[str] = "approve"
    REQUIRED: ClassVar[tuple[str, str] | None] = (
        "Phê duyệt phải kèm văn bản kết quả đã có chữ ký số của lãnh đạo",
        "Approval needs the result document signed by the leader")


@dataclass(frozen=True)
class SendBack(Payload):
    ACTION: ClassVar[str] = "send_back"


@dataclass(frozen=True)
class SealAndRegister(_WithResult):
    """App. step 4: the same document with the agency's signature, and its number."""

    ACTION: ClassVar[str] = "seal_and_register"
    REQUIRED: ClassVar[tuple[str, str] | None] = (
        "Đóng dấu, vào sổ phải kèm văn bản kết quả đã có chữ ký số của cơ quan",
        "Sealing needs the result document with the agency's signature")
    register_number: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "register_number": read_text(
            raw.get("register_number"), "register_number", max_len=100)}


@dataclass(frozen=True)
class ReturnAtCounter(Payload):
    ACTION: ClassVar[str] = "return_at_counter"


@dataclass(frozen=True)
class HandToPost(Payload):
    ACTION: ClassVar[str] = "hand_to_post"
    postal_item_number: str = ""  # the postal service's item number (số hiệu bưu gửi)

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "postal_item_number": read_text(
            raw.get("postal_item_number"), "postal_item_number", max_len=60)}


@dataclass(frozen=True)
class Withdraw(Payload):
    ACTION: ClassVar[str] = "withdraw"
    reason: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "reason": read_text(raw.get("reason"), "reason")}


@dataclass(frozen=True)
class Stop(Withdraw):
    ACTION: ClassVar[str] = "stop"


@dataclass(frozen=True)
class Apologise(Payload):
    ACTION: ClassVar[str] = "apologise"
    apology: ApologyLetter | None = None
    reason: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "reason": read_text(raw.get("reason"), "reason"),
                "apology": read_apology(raw.get("apology"))}


@dataclass(frozen=True)
class Transfer(Payload):
    """Liên thông (App. step 5): to another unit, by its agency code."""

    ACTION: ClassVar[str] = "transfer"
    to_agency: str = ""

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().read(raw), "to_agency": read_text(raw.get("to_agency"), "to_agency",
                                                            required=True, max_len=40)}


PAYLOAD_TYPES: dict[str, type[Payload]] = {
    t.ACTION: t for t in (
        Submit, Receive, Refuse, RequestSupplement, SupplementReceived, Assign, RequestFees,
        FeesPaid, SubmitDraft, Approve, SendBack, SealAndRegister, ReturnAtCounter,
        HandToPost, Withdraw, Stop, Apologise, Transfer)
}


def parse(action: str, raw: Mapping[str, Any] | Payload | None) -> Payload:
    """The typed payload of `action` from its wire form (or the typed record itself)."""
    kind = PAYLOAD_TYPES.get(str(action))
    if kind is None:
        raise _err("unknown_action", f"Thao tác không có: {action!r}",
                   f"Unknown action {action!r}")
    if isinstance(raw, Payload):
        if type(raw) is not kind:
            raise _err("wrong_payload", "Dữ liệu kèm theo không thuộc thao tác này",
                       f"A {type(raw).__name__} payload cannot go with {action!r}")
        return raw
    raw = {} if raw is None else _object(raw, "payload")
    _only(raw, _fields(kind), action)
    return kind(**kind.read(raw))


# --- the dossier a desk submits ---------------------------------------------------------

# What a desk may say about a new dossier: the applicant's own data. Everything else
# (status, times, log, apologies, results, register and receipt numbers) is the portal's.
_SUBMITTED_FIELDS = {"code", "procedure_code", "procedure_agency", "agency_id", "applicant",
                     "channel",
                     "components", "fee_payment", "result_delivery", "postal_address",
                     "subject"}


def read_submitted_dossier(raw: Any) -> Dossier:
    if isinstance(raw, Dossier):
        from desk_app.domain import to_dict

        raw = {k: v for k, v in to_dict(raw).items() if k in _SUBMITTED_FIELDS}
    d = _object(raw, "dossier")
    a = _object(d.get("applicant"), "dossier.applicant")
    applicant = Applicant(
        kind=_enum(ApplicantKind, a.get("kind"), "applicant.kind", ApplicantKind.CITIZEN),
        name=read_text(a.get("name"), "applicant.name", required=True, max_len=300),
        id_number=read_text(a.get("id_number"), "applicant.id_number", max_len=50),
        address=read_text(a.get("address"), "applicant.address", max_len=500),
        phone=read_text(a.get("phone"), "applicant.phone", max_len=50),
        email=read_text(a.get("email"), "applicant.email", max_len=200),
        portal_account=read_text(a.get("portal_account"), "applicant.portal_account",
                                 max_len=200),
    )
    components = []
    for i, c in enumerate(_list(d.get("components", []), "dossier.components")):
        c = _object(c, f"components[{i}]")
        components.append(DossierComponent(
            code=read_text(c.get("code"), f"components[{i}].code", required=True, max_len=100),
            name=read_text(c.get("name"), f"components[{i}].name", required=True, max_len=500),
            required=_bool(c.get("required", True), f"components[{i}].required"),
            files=read_files(c.get("files"), f"components[{i}].files"),
            source=_enum(ComponentSource, c.get("source"), f"components[{i}].source",
                         ComponentSource.UPLOADED),
            copies=read_int(c.get("copies", 1), f"components[{i}].copies", high=1000),
        ))
    return Dossier(
        code=read_text(d.get("code"), "dossier.code", required=True, max_len=60),
        procedure_code=read_text(d.get("procedure_code"), "dossier.procedure_code",
                                 required=True, max_len=40),
        agency_id=read_text(d.get("agency_id"), "dossier.agency_id", required=True, max_len=40),
        # The deciding unit, when another unit's procedure is received here (Decree 118).
        procedure_agency=read_text(d.get("procedure_agency"), "dossier.procedure_agency",
                                   max_len=40),
        applicant=applicant,
        channel=_enum(Channel, d.get("channel"), "dossier.channel"),
        components=tuple(components),
        fee_payment=_enum(FeePayment, d.get("fee_payment"), "dossier.fee_payment",
                          FeePayment.NONE),
        result_delivery=_enum(ResultDelivery, d.get("result_delivery"),
                              "dossier.result_delivery", ResultDelivery.COUNTER),
        postal_address=read_text(d.get("postal_address"), "dossier.postal_address",
                                 max_len=500),
        subject=read_text(d.get("subject"), "dossier.subject", max_len=1000),
    )


def _bool(raw: Any, name: str) -> bool:
    if not isinstance(raw, bool):
        raise _err("bad_payload", f"Trường “{name}” phải là true/false",
                   f"Field {name!r} must be a boolean")
    return raw


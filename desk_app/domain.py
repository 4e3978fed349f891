"""Domain types of the one-stop desk: procedures, applicants, dossiers, log rows.

Plain dataclasses with no behaviour beyond (de)serialisation, so that the desk, the
portal service and the device layers share one vocabulary. The rules that move a
dossier live in `desk_app.workflow`; the clocks in `desk_app.calendar`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.StrEnum):
    DESK = "desk"  # cán bộ tiếp nhận và trả kết quả (một cửa)
    SPECIALIST = "specialist"  # cán bộ bộ phận chuyên môn
    LEADER = "leader"  # lãnh đạo cơ quan
    CLERK = "clerk"  # văn thư
    PROVINCE = "province"  # Văn phòng UBND tỉnh: compiles reports (Art. 18.8)
    APPLICANT = "applicant"  # công dân, tổ chức, doanh nghiệp acting on the portal
    SYSTEM = "system"  # the portal itself (automatic receipt at departments)


ROLE_NAMES_VI: dict[Role, str] = {
    Role.DESK: "Cán bộ một cửa",
    Role.SPECIALIST: "Chuyên viên",
    Role.LEADER: "Lãnh đạo",
    Role.CLERK: "Văn thư",
    Role.PROVINCE: "Văn phòng UBND tỉnh",
    Role.APPLICANT: "Người nộp hồ sơ",
    Role.SYSTEM: "Hệ thống",
}


class ProcessShape(enum.StrEnum):
    """The three model processes of the Appendix, step 1."""

    DEPARTMENT = "department"  # cấp Sở: receipt may be automatic, routes itself
    DISTRICT = "district"  # cấp huyện: the desk receives, then forwards
    COMMUNE = "commune"  # cấp xã: receive and process may be one step


class UnitLevel(enum.StrEnum):
    """Where a unit sits in local government (two tiers since 1 July 2025)."""

    PROVINCE_DEPARTMENT = "province_department"  # Sở, ngành: decides
    PROVINCE_CENTRE = "province_centre"  # Trung tâm Phục vụ hành chính công của tỉnh
    COMMUNE = "commune"  # xã, phường, đặc khu (its own service centre)
    DISTRICT = "district"  # before July 2025: the seed's shape and old dossiers


UNIT_LEVEL_NAMES_VI: dict[UnitLevel, str] = {
    UnitLevel.PROVINCE_DEPARTMENT: "Sở, ngành cấp tỉnh",
    UnitLevel.PROVINCE_CENTRE: "Trung tâm Phục vụ hành chính công tỉnh",
    UnitLevel.COMMUNE: "Cấp xã",
    UnitLevel.DISTRICT: "Cấp huyện (trước 01/7/2025)",
}


class ApplicantKind(enum.StrEnum):
    CITIZEN = "citizen"
    ORGANISATION = "organisation"
    BUSINESS = "business"


class Channel(enum.StrEnum):
    ONLINE = "online"  # trực tuyến
    IN_PERSON = "in_person"  # trực tiếp
    POST = "post"  # qua dịch vụ bưu chính công ích


CHANNEL_NAMES_VI: dict[Channel, str] = {
    Channel.ONLINE: "Trực tuyến",
    Channel.IN_PERSON: "Trực tiếp",
    Channel.POST: "Qua bưu chính",
}


class TimeUnit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


TIME_UNIT_NAMES_VI: dict[TimeUnit, str] = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
}


class FeePayment(enum.StrEnum):
    """Art. 11.2: fees paid at the desk or online."""

    NONE = "none"
    COUNTER = "counter"
    ONLINE = "online"


class ResultDelivery(enum.StrEnum):
    """Art. 11.3: the result collected at the desk or sent by post."""

    COUNTER = "counter"
    POST = "post"


class ComponentSource(enum.StrEnum):
    UPLOADED = "uploaded"  # attached by the applicant online
    DIGITISED = "digitised"  # scanned at the counter (Art. 12.1.b)
    REUSED = "reused"  # taken from an earlier dossier
    NATIONAL_STORE = "national_store"  # from the national document store


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    RECEIVED = "received"
    REFUSED = "refused"
    IN_PROCESS = "in_process"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    FEES_DUE = "fees_due"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    DONE = "done"  # approved and sealed, ready to return
    RETURNED = "returned"


# The national portal's keyword for each status.
PORTAL_KEYWORD: dict[Status, str] = {
    Status.SUBMITTED: "receiving",
    Status.RECEIVED: "new",
    Status.REFUSED: "denied",
    Status.IN_PROCESS: "processing",
    Status.SUPPLEMENT_REQUESTED: "waiting",
    Status.FEES_DUE: "paying",
    Status.WITHDRAWN: "cancelled",
    Status.STOPPED: "unresolved",
    Status.DONE: "releasing",
    Status.RETURNED: "done",
}

STATUS_NAMES_VI: dict[Status, str] = {
    Status.SUBMITTED: "Mới đăng ký",
    Status.RECEIVED: "Đã tiếp nhận",
    Status.REFUSED: "Không được tiếp nhận",
    Status.IN_PROCESS: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung",
    Status.FEES_DUE: "Yêu cầu nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.DONE: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}


class Step(enum.StrEnum):
    """Where an in-process dossier is inside the unit (App. steps 2-4)."""

    PROCESSING = "processing"  # the specialist studies and drafts (step 2)
    APPROVAL = "approval"  # the draft waits for the leader (step 3)
    SEALING = "sealing"  # approved; waits for the clerk's seal and number (step 4)


STEP_NAMES_VI: dict[Step, str] = {
    Step.PROCESSING: "Chuyên viên xử lý",
    Step.APPROVAL: "Chờ lãnh đạo phê duyệt",
    Step.SEALING: "Chờ văn thư đóng dấu, vào sổ",
}


class SupplementStage(enum.StrEnum):
    """Who asks for the correction: the two once-only counters of the Appendix."""

    RECEIPT = "receipt"  # App. step 1: the desk's guidance before receipt
    PROCESSING = "processing"  # App. step 2: the processing unit's request (via the desk)


class SupplementFault(enum.StrEnum):
    """Whose fault a repeated request is; the officer states it, nothing is assumed."""

    DESK = "desk"  # App. step 1: the desk's guidance was not specific
    PROCESSING_UNIT = "processing_unit"  # App. step 2: the processing unit's guidance
    APPLICANT = "applicant"  # the applicant's own correction is still wrong


SUPPLEMENT_FAULT_NAMES_VI: dict[SupplementFault, str] = {
    SupplementFault.DESK: "Do Bộ phận tiếp nhận hướng dẫn chưa cụ thể",
    SupplementFault.PROCESSING_UNIT: "Do bộ phận xử lý hướng dẫn chưa đầy đủ",
    SupplementFault.APPLICANT: "Do người nộp bổ sung chưa đúng hướng dẫn",
}


class Timeliness(enum.StrEnum):
    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


TIMELINESS_NAMES_VI: dict[Timeliness, str] = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}


@dataclass(frozen=True)
class TimeLimit:
    amount: float
    unit: TimeUnit

    def describe_vi(self) -> str:
        amount = int(self.amount) if float(self.amount).is_integer() else self.amount
        return f"{amount} {TIME_UNIT_NAMES_VI[self.unit]}"


@dataclass(frozen=True)
class ComponentSpec:
    """One component a procedure asks for (Art. 7.2.d), with its form (7.2.i)."""

    code: str
    name: str
    required: bool = True
    originals: int = 0  # bản chính
    certified_copies: int = 0  # bản sao có chứng thực
    photocopies: int = 1  # bản photo
    form_template: str = ""  # name or address of the form to fill in, if any


@dataclass(frozen=True)
class ProcedurePart:
    """One unit's part of a linked procedure (liên thông, App. step 5), with its own time
    budget inside the procedure's total; parts run one after another in this order."""

    agency_id: str
    task: str
    budget: TimeLimit


@dataclass(frozen=True)
class Procedure:
    """A procedure as the portal publishes it (Art. 7.2 a-l)."""

    code: str  # e.g. "1.001776"
    agency_id: str  # the agency that offers it; the pair is the key
    name: str  # a) tên thủ tục
    field: str = ""  # lĩnh vực, for reports
    steps: tuple[str, ...] = ()  # b) trình tự thực hiện
    submit_ways: tuple[Channel, ...] = (Channel.IN_PERSON, Channel.ONLINE)  # c)
    components: tuple[ComponentSpec, ...] = ()  # d) hồ sơ
    time_limit: TimeLimit = TimeLimit(1, TimeUnit.WORKING_DAYS)  # đ)
    applicants: str = ""  # e) đối tượng thực hiện
    handling_agency: str = ""  # g) cơ quan thực hiện
    result: str = ""  # h) kết quả
    conditions: str = ""  # i) yêu cầu, điều kiện
    fees: str = ""  # i) phí, lệ phí
    fee_amount: int = 0  # đồng, for the receipt and reports
    legal_basis: tuple[str, ...] = ()  # k) căn cứ pháp lý
    place_and_time: str = ""  # l) địa điểm, thời gian
    result_template: str = ""  # i) mẫu kết quả
    # The result is issued on paper only: a scan of the signed paper is the result, and
    # no electronic signature can be checked on it (App. 3-4 apply to electronic results).
    result_on_paper: bool = False
    # App. step 1, cấp Sở: the processing group a received dossier routes itself to
    # (set by the province office); "" = the unit's specialists as a whole.
    processing_group: str = ""
    # Decree 118/2025: received at any commune centre (and the province centre) of the
    # province, whatever the applicant's address; the receiving desk routes it here.
    province_wide: bool = False
    parts: tuple[ProcedurePart, ...] = ()  # a linked procedure's units, in order

    def component(self, code: str) -> ComponentSpec | None:
        return next((c for c in self.components if c.code == code), None)


@dataclass(frozen=True)
class Unit:
    """An agency with a one-stop desk, identified as in QCVN 102:2016/BTTTT."""

    agency_id: str  # e.g. "000.00.22.H57"
    name: str  # e.g. "UBND huyện Phú Vang"
    shape: ProcessShape
    parent_name: str = ""  # the line above the agency name in a form header
    address: str = ""
    phone: str = ""
    register_symbol: str = ""  # the symbol in outgoing numbers, e.g. "GP-UBND"
    # The unit's working sessions ("07:30-11:30", "13:30-17:00"), set by the province
    # office on the portal; desk and portal compute every deadline from them (Domain
    # "Clocks"). Empty: the common 07:00-11:30 and 13:30-17:00.
    sessions: tuple[str, ...] = ()
    idle_lock_minutes: int = 10  # the desk locks itself after this idle time
    level: UnitLevel | None = None  # None: from the shape (older records)
    parent_id: str = ""  # the unit above (a department's province, a commune's province)
    receives: tuple[str, ...] = ()  # procedure codes its desk receives for other units
    decides: tuple[str, ...] = ()  # procedure codes it decides

    @property
    def unit_level(self) -> UnitLevel:
        if self.level is not None:
            return self.level
        return {ProcessShape.DEPARTMENT: UnitLevel.PROVINCE_DEPARTMENT,
                ProcessShape.DISTRICT: UnitLevel.DISTRICT}.get(self.shape, UnitLevel.COMMUNE)


@dataclass(frozen=True)
class Officer:
    username: str
    full_name: str
    unit_id: str
    roles: frozenset[Role]
    title: str = ""  # chức vụ, printed above the signature
    group: str = ""  # the processing group (phòng, bộ phận) inside the unit
    # SHA-256 of the officer's signing certificate (DER), when registered: the portal
    # then accepts only signatures made with it (App. step 3-4).
    cert_sha256: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Applicant:
    kind: ApplicantKind
    name: str
    id_number: str = ""  # CCCD, or the business/organisation code
    address: str = ""
    phone: str = ""
    email: str = ""
    portal_account: str = ""  # the applicant's portal account, when they have one


@dataclass(frozen=True)
class FileRef:
    """A file attached to a component, addressed by its SHA-256."""

    sha256: str
    filename: str
    media_type: str = "application/pdf"
    size: int = 0
    pages: int = 0


@dataclass(frozen=True)
class DossierComponent:
    code: str  # the ComponentSpec code
    name: str
    required: bool = True
    files: tuple[FileRef, ...] = ()
    source: ComponentSource = ComponentSource.UPLOADED
    copies: int = 1  # number of sets handed in on paper

    @property
    def present(self) -> bool:
        return bool(self.files)

    @property
    def digitised(self) -> bool:
        return self.source is ComponentSource.DIGITISED


@dataclass(frozen=True)
class ApologyLetter:
    """Circular 01/2018 form 04: apology with a new appointment."""

    number: str  # …/PXL
    issued_at: datetime
    reason: str
    new_due_at: datetime
    issued_by: str = ""
    cause: str = "late"  # "late" or "supplement" (a second request, App. steps 1-2)


@dataclass(frozen=True)
class SupplementRequest:
    """Circular 01/2018 form 02, one per request (normally only one: App. step 1)."""

    number: str  # …/HDHS
    requested_at: datetime
    requested_by: str
    missing: tuple[str, ...]  # component codes
    reason: str
    unit_guidance_fault: bool = False  # the desk or the processing unit was at fault
    received_at: datetime | None = None
    stage: SupplementStage = SupplementStage.PROCESSING
    fault: SupplementFault | None = None  # stated for every repeated request


@dataclass(frozen=True)
class DossierPart:
    """A unit's part of the dossier: when it took it, by when, when it handed it on, and
    whether it kept its own budget (form 06 of 2025; a late dossier is attributed to the
    part that overran)."""

    agency_id: str
    task: str = ""
    started_at: datetime | None = None
    due_at: datetime | None = None
    finished_at: datetime | None = None
    timeliness: Timeliness | None = None


@dataclass(frozen=True)
class Dossier:
    code: str  # {agency id}-{yyMMdd}-{NNNN}
    procedure_code: str
    agency_id: str
    applicant: Applicant
    channel: Channel
    components: tuple[DossierComponent, ...] = ()
    fee_payment: FeePayment = FeePayment.NONE
    result_delivery: ResultDelivery = ResultDelivery.COUNTER
    postal_address: str = ""
    status: Status | None = None  # None before the dossier exists
    step: Step | None = None  # only while in process
    version: int = 0
    subject: str = ""  # what is requested, in the applicant's words
    submitted_at: datetime | None = None
    receipt_due_at: datetime | None = None  # Art. 12.1.a
    received_at: datetime | None = None
    due_at: datetime | None = None  # processing deadline, moved on by pauses
    paused_at: datetime | None = None  # while supplement is requested
    resume_status: Status | None = None
    resume_step: Step | None = None
    assigned_to: str = ""
    received_by: str = ""
    supplements: tuple[SupplementRequest, ...] = ()
    apologies: tuple[ApologyLetter, ...] = ()
    refusal_reason: str = ""
    result_files: tuple[FileRef, ...] = ()
    register_number: str = ""  # number and symbol of the outgoing result, e.g. 125/GP-UBND
    finished_at: datetime | None = None  # when sealed (done)
    returned_at: datetime | None = None
    provisional: bool = False  # created offline, not yet accepted by the portal
    # The unit's receipt register (form 01 "Số …/TNHS", "Quyển số", "Số thứ tự"): numbers
    # from blocks the portal leases, like dossier codes.
    receipt_number: str = ""
    receipt_book: str = ""
    receipt_line: int = 0
    approved_by: str = ""  # the leader who signed the result (App. step 3)
    approved_at: datetime | None = None
    result_sha256: str = ""  # frozen at seal_and_register: the sealed result's hash
    last_event_at: datetime | None = None  # the time of the latest log row (Art. 12.4)
    # Receiving unit ≠ deciding unit (Decree 118/2025): `agency_id` received it and
    # returns the result; `holder_id` acts on it now; `procedure_agency` decides it.
    holder_id: str = ""  # "" = agency_id
    procedure_agency: str = ""  # "" = agency_id
    former_holders: tuple[str, ...] = ()
    parts: tuple[DossierPart, ...] = ()

    @property
    def holder(self) -> str:
        return self.holder_id or self.agency_id

    @property
    def deciding_id(self) -> str:
        return self.procedure_agency or self.agency_id

    @property
    def involved(self) -> tuple[str, ...]:
        """Every unit that sees this dossier: the receiver, the holder, the ones before."""
        return tuple(dict.fromkeys((self.agency_id, self.holder, *self.former_holders)))

    @property
    def effective_due_at(self) -> datetime | None:
        """The appointment in force: the last apology's new date, else the deadline."""
        if self.apologies:
            return self.apologies[-1].new_due_at
        return self.due_at

    def missing_required(self) -> list[DossierComponent]:
        return [c for c in self.components if c.required and not c.present]


@dataclass(frozen=True)
class LogRow:
    """A row of the processing control slip (Circular 01/2018 form 05; Art. 12.4)."""

    dossier_code: str
    seq: int
    action: str
    unit: str  # the unit (or part of it) that handed the dossier on
    handed_by: str
    received_by: str
    handed_at: datetime
    due_at: datetime | None
    timeliness: Timeliness | None
    status_after: Status
    note: str = ""
    result_sha256: str = ""  # from sealing on: the sealed result every later row names
    ready_at: datetime | None = None  # return rows: when the result was ready (Art. 13.1)
    # The desk's own clock when it stamped this row with the portal's corrected time.
    local_at: datetime | None = None


@dataclass(frozen=True)
class OutgoingRegisterRow:
    """A row of the outgoing-document register (Decree 30/2020, Appendix IV)."""

    agency_id: str
    year: int
    number: int
    symbol: str
    date: datetime
    summary: str  # type and summary of the document
    signer: str
    recipients: str
    keeping_unit: str = ""
    copies: int = 1
    dossier_code: str = ""
    note: str = ""

    @property
    def number_and_symbol(self) -> str:
        # Decree 30/2020: numbers below 10 are written with a leading zero.
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"


# The (de)serialisation lives in desk_app.serial; re-exported here for the callers.
from desk_app import serial as _serial  # noqa: E402  (the types above come first)

to_dict = _serial.to_dict
file_ref_from_dict = _serial.file_ref_from_dict
procedure_from_dict = _serial.procedure_from_dict
applicant_from_dict = _serial.applicant_from_dict
dossier_from_dict = _serial.dossier_from_dict
apology_from_dict = _serial.apology_from_dict
log_row_from_dict = _serial.log_row_from_dict
unit_from_dict = _serial.unit_from_dict
officer_from_dict = _serial.officer_from_dict

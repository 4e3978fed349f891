"""Applicants' dossiers on the portal: submit online with components (Art. 11), supplement,
withdraw, pay, track, download the result, answer the survey (Art. 8).

Applicants act through the same workflow table as officers, as `Role.APPLICANT`; a
department receives a complete online dossier automatically (`Role.SYSTEM`, App. step 1).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text

from desk_app.domain import (
    STATUS_NAMES_VI,
    Applicant,
    ApplicantKind,
    Channel,
    Dossier,
    DossierComponent,
    FeePayment,
    ProcessShape,
    ResultDelivery,
    Role,
    Status,
    file_ref_from_dict,
    to_dict,
)
from desk_app.workflow import Action, WorkflowError
from server_stub import blobs, leases, notify, records, schemas
from server_stub.auth import CitizenPrincipal, current_citizen, portal_of
from server_stub.bodies import json_object, text_field
from server_stub.db import add_change, dumps
from server_stub.errors import PortalError, bad_request, not_found
from server_stub.state import Portal

router = APIRouter(prefix="/citizen")
Citizen = Annotated[CitizenPrincipal, Depends(current_citizen)]
SURVEY_CRITERIA = (  # Art. 8, in its order
    "guidance", "forms", "online_convenience", "handling", "processing_time", "attitude",
    "online_result", "online_payment",
)
SURVEY_OPEN = {Status.DONE, Status.RETURNED, Status.REFUSED}


def _refused(exc: WorkflowError) -> PortalError:
    return PortalError(409, exc.code, exc.vi, exc.en)


def _files(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise bad_request("bad_field", f"“{where}” phải là danh sách tệp",
                          f"{where!r} must be a list of files")
    try:
        return [file_ref_from_dict(f) for f in value]
    except (TypeError, KeyError, ValueError):
        raise bad_request("bad_field", f"Tệp trong “{where}” không hợp lệ (sha256, filename…)",
                          f"A file in {where!r} is invalid (sha256, filename…)") from None


def _check_blobs(conn: Connection, refs: list[Any], account: str) -> None:
    shas = [f.sha256 for f in refs]
    # Citing grants reading: an applicant cites only files they may read (their own).
    who = blobs.Principal("citizen:" + account, account=account)
    missing = sorted(set(records.missing_blobs(conn, shas)) | set(blobs.not_citable(
        conn, who, shas)))
    if missing:
        raise bad_request("blob_missing", "Chưa tải lên tệp: " + ", ".join(missing),
                          "Files not uploaded yet: " + ", ".join(missing))


def _auto_receive(portal: Portal, conn: Connection, d: Dossier
                  ) -> tuple[Dossier, bool, int | None]:
    """App. step 1, cấp Sở: a complete online dossier is received and routed by itself.
    (the dossier, whether it was received now, the id of the applicant's notice)"""
    unit = records.get_unit(conn, d.agency_id)
    if (unit is None or unit.shape is not ProcessShape.DEPARTMENT
            or d.status is not Status.SUBMITTED or d.missing_required()):
        return d, False, None
    # The dossier routes itself by the procedure's processing group (workflow.route).
    payload: dict[str, Any] = {}
    new, _ = records.apply_action(conn, portal.calendar(conn), d, Action.RECEIVE, Role.SYSTEM,
                                  portal.now(), payload)
    return new, True, notify.record(conn, portal, new, Action.RECEIVE)


def _submit(portal: Portal, who: CitizenPrincipal, body: dict[str, Any]) -> dict[str, Any]:
    agency_id = text_field(body, "agency_id", 40)
    procedure_code = text_field(body, "procedure_code", 40)
    try:
        fee = FeePayment(body.get("fee_payment", "online"))
        delivery = ResultDelivery(body.get("result_delivery", "counter"))
    except ValueError:
        raise bad_request("bad_field", "Cách nộp phí hoặc cách nhận kết quả không hợp lệ",
                          "Invalid fee_payment or result_delivery") from None
    postal = text_field(body, "postal_address", 300, required=False)
    if delivery is ResultDelivery.POST and not postal:  # Art. 11.3
        raise bad_request("no_postal_address", "Chưa nhập địa chỉ nhận kết quả qua bưu chính",
                          "A postal address is needed for delivery by post")
    given = body.get("components", [])
    if not isinstance(given, list) or not all(isinstance(c, dict) for c in given):
        raise bad_request("bad_field", "“components” phải là danh sách thành phần hồ sơ",
                          "'components' must be a list of objects")
    files = {str(c.get("code")): _files(c.get("files", []), f"components.{c.get('code')}.files")
             for c in given}
    a = who.data
    applicant = Applicant(ApplicantKind(a.get("kind", "citizen")), a["full_name"],
                          a.get("id_number", ""), a.get("address", ""), a.get("phone", ""),
                          a.get("email", ""), who.account)
    now = portal.now()
    with portal.db.write() as conn:
        procedure = records.get_procedure(conn, procedure_code, agency_id)
        if procedure is None:
            raise not_found(f"Đơn vị {agency_id} không thực hiện thủ tục {procedure_code}",
                            f"Agency {agency_id} does not offer procedure {procedure_code}")
        if Channel.ONLINE not in procedure.submit_ways:
            raise bad_request("not_online", "Thủ tục này không nhận hồ sơ trực tuyến",
                              "This procedure is not offered online")
        unknown = [c for c in files if procedure.component(c) is None]
        if unknown:
            raise bad_request("unknown_component", "Thành phần không có trong thủ tục: "
                              + ", ".join(unknown), "Unknown components: " + ", ".join(unknown))
        _check_blobs(conn, [f for fs in files.values() for f in fs], who.account)
        components = tuple(
            DossierComponent(s.code, s.name, s.required, tuple(files.get(s.code, ())))
            for s in procedure.components)
        draft = Dossier(
            code=leases.dossier_code(conn, agency_id, now), procedure_code=procedure_code,
            agency_id=agency_id, applicant=applicant, channel=Channel.ONLINE,
            components=components, fee_payment=fee, result_delivery=delivery,
            postal_address=postal,
            subject=text_field(body, "subject", 500, required=False) or procedure.name)
        new, record = records.apply_action(conn, portal.calendar(conn), draft, Action.SUBMIT,
                                           Role.APPLICANT, now, account=who.account)
        new, received, notice = _auto_receive(portal, conn, new)
        if received:
            record = records.record_of(conn, new.code) or record
    notify.dispatch(portal, notice)
    return record


def _own(conn: Connection, who: CitizenPrincipal, code: str) -> Dossier:
    found = records.get_dossier(conn, code)
    if found is None or found[1] != who.account:
        # The same answer whether it does not exist or is someone else's (Art. 14.1).
        raise not_found(f"Không tìm thấy hồ sơ {code} của tài khoản này",
                        f"No dossier {code} for this account")
    return found[0]


def _act(portal: Portal, who: CitizenPrincipal, code: str, action: Action,
         payload: dict[str, Any]) -> dict[str, Any]:
    with portal.db.write() as conn:
        d = _own(conn, who, code)
        if payload.get("component_files"):
            _check_blobs(conn, [f for fs in payload["component_files"].values() for f in fs],
                         who.account)
            payload = {"component_files": {k: [to_dict(f) for f in v]
                                           for k, v in payload["component_files"].items()}}
        try:
            new, record = records.apply_action(conn, portal.calendar(conn), d, action,
                                               Role.APPLICANT, portal.now(), payload)
        except WorkflowError as exc:
            raise _refused(exc) from None
        own = notify.record(conn, portal, new, action)
        new, received, notice = _auto_receive(portal, conn, new)
        if received:
            record = records.record_of(conn, code) or record
    notify.dispatch(portal, own)
    notify.dispatch(portal, notice)
    return record


@router.post("/dossiers", status_code=201, openapi_extra=schemas.SUBMIT)
async def submit(request: Request, who: Citizen) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_submit, portal_of(request), who, body)


@router.get("/dossiers")
def mine(request: Request, who: Citizen) -> list[dict[str, Any]]:
    with portal_of(request).db.read() as conn:
        rows = conn.execute(text("SELECT code FROM dossiers WHERE account = :a ORDER BY code"),
                            {"a": who.account}).all()
        found = [records.get_dossier(conn, r[0]) for r in rows]
    return [_summary(f[0]) for f in found if f]


def _summary(d: Dossier) -> dict[str, Any]:
    return {"code": d.code, "procedure_code": d.procedure_code, "agency_id": d.agency_id,
            "subject": d.subject, "status": d.status.value if d.status else None,
            "status_vi": STATUS_NAMES_VI[d.status] if d.status else "",
            "due_at": d.effective_due_at.isoformat() if d.effective_due_at else None}


@router.get("/dossiers/{code}")
def track(request: Request, code: str, who: Citizen) -> dict[str, Any]:
    with portal_of(request).db.read() as conn:
        _own(conn, who, code)
        record = records.record_of(conn, code)
        notices = notify.notices_of(conn, code)
    assert record is not None
    d = record["dossier"]
    # Art. 12.2: every notice sent to the applicant is also on their dossier page.
    return {**record, "status_vi": STATUS_NAMES_VI[Status(d["status"])], "notices": notices}


@router.post("/dossiers/{code}/supplement", openapi_extra=schemas.SUPPLEMENT)
async def supplement(request: Request, code: str, who: Citizen) -> dict[str, Any]:
    body = await json_object(request)
    given = body.get("component_files", {})
    if not isinstance(given, dict):
        raise bad_request("bad_field", "“component_files” phải là đối tượng {mã: [tệp]}",
                          "'component_files' must be an object {code: [files]}")
    files = {str(k): _files(v, f"component_files.{k}") for k, v in given.items()}
    return await run_in_threadpool(_act, portal_of(request), who, code,
                                   Action.SUPPLEMENT_RECEIVED, {"component_files": files})


@router.post("/dossiers/{code}/withdraw", openapi_extra=schemas.REASON)
async def withdraw(request: Request, code: str, who: Citizen) -> dict[str, Any]:
    body = await json_object(request)
    reason = text_field(body, "reason", 500)
    return await run_in_threadpool(_act, portal_of(request), who, code, Action.WITHDRAW,
                                   {"reason": reason})


@router.post("/dossiers/{code}/fees_paid")
async def fees_paid(request: Request, code: str, who: Citizen) -> dict[str, Any]:
    """Art. 11.2: fees paid online."""
    await json_object(request)
    return await run_in_threadpool(_act, portal_of(request), who, code, Action.FEES_PAID, {})


@router.get("/dossiers/{code}/result")
def result(request: Request, code: str, who: Citizen, index: int = 0) -> Response:
    """The signed electronic result, once the dossier is done (Art. 13.2)."""
    with portal_of(request).db.read() as conn:
        d = _own(conn, who, code)
        if d.status not in (Status.DONE, Status.RETURNED) or not d.result_files:
            raise PortalError(409, "no_result", "Hồ sơ chưa có kết quả",
                              "The dossier has no result yet")
        if not 0 <= index < len(d.result_files):
            raise not_found("Không có tệp kết quả này", "No such result file")
        ref = d.result_files[index]
        data = records.load_blob(conn, ref.sha256)
    if data is None:
        raise not_found("Tệp kết quả chưa có trên Cổng", "The result file is not on the portal")
    return Response(data, media_type=ref.media_type, headers={
        "Content-Disposition": f'attachment; filename="{code}.pdf"'})


def _survey(portal: Portal, who: CitizenPrincipal, code: str,
            body: dict[str, Any]) -> dict[str, Any]:
    """Art. 8 on the portal; fed to the unit as a "survey" change in the wire form of
    `desk_app.reports.survey.SurveyAnswer.to_wire` (source "portal", anonymous)."""
    answers = body.get("answers", body.get("scores"))
    if not isinstance(answers, dict) or not answers or any(
            k not in SURVEY_CRITERIA or not isinstance(v, int) or isinstance(v, bool)
            or not 1 <= v <= 5 for k, v in answers.items()):
        raise bad_request("bad_survey", "Phiếu đánh giá: mỗi tiêu chí (Điều 8) chấm từ 1 đến 5",
                          "Survey answers: each Art. 8 criterion scored 1 to 5: "
                          + ", ".join(SURVEY_CRITERIA))
    comment = text_field(body, "comment", 2000, required=False)
    with portal.db.write() as conn:
        d = _own(conn, who, code)
        if d.status not in SURVEY_OPEN:
            raise PortalError(409, "survey_not_open", "Chỉ đánh giá khi hồ sơ đã có kết quả",
                              "The survey opens once the dossier has its outcome")
        if conn.execute(text("SELECT 1 FROM surveys WHERE dossier_code = :c"),
                        {"c": code}).first():
            raise PortalError(409, "survey_done", "Hồ sơ này đã được đánh giá",
                              "This dossier has been rated already")
        wire = {"client_id": f"portal:{code}", "dossier_code": code, "agency_id": d.agency_id,
                "officer": d.assigned_to or d.received_by, "answered_at": portal.now().isoformat(),
                "scores": answers, "comment": comment, "anonymous": True, "applicant_name": "",
                "source": "portal"}
        conn.execute(text("INSERT INTO surveys (dossier_code, account, answers, submitted_at) "
                          "VALUES (:c, :a, :ans, :t)"),
                     {"c": code, "a": who.account, "ans": dumps(wire), "t": wire["answered_at"]})
        add_change(conn, d.agency_id, "survey", wire["client_id"], wire)
    return wire


@router.post("/dossiers/{code}/survey", status_code=201,
             openapi_extra=schemas.SURVEY)
async def survey(request: Request, code: str, who: Citizen) -> dict[str, Any]:
    body = await json_object(request)
    return await run_in_threadpool(_survey, portal_of(request), who, code, body)

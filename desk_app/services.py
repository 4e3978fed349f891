"""What the UI calls: each officer action as one local transaction.

Every method writes the dossier's new state, its processing-log row and the outbox
command for the portal together, so a crash leaves either all three or none. The
portal later judges the same command with the same workflow table.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from desk_app import payloads as p_
from desk_app import workflow
from desk_app.calendar import WorkCalendar, now_vn
from desk_app.domain import (
    ApologyLetter,
    Applicant,
    Channel,
    Dossier,
    DossierComponent,
    FeePayment,
    FileRef,
    Officer,
    OutgoingRegisterRow,
    Procedure,
    ResultDelivery,
    SupplementFault,
    to_dict,
)
from desk_app.store import RECEIPT_LEASE, NoNumberLeft, Store
from desk_app.textfmt import require_aware
from desk_app.workflow import Action, WorkflowError


class ServiceError(Exception):
    """A request the desk cannot carry out, with a message for the officer."""

    def __init__(self, vi: str, en: str = "") -> None:
        super().__init__(f"{vi} / {en}" if en else vi)
        self.vi = vi
        self.en = en


class DeskService:
    """The officer's actions on the local store, on behalf of one logged-in officer."""

    def __init__(
        self,
        store: Store,
        officer: Officer,
        clock: Callable[[], datetime] = now_vn,
        work_gate: Callable[[], None] | None = None,
        calendar: WorkCalendar | None = None,
        check_result: workflow.ResultCheck | None = None,
    ) -> None:
        self.store = store
        # The unit's own session hours; the portal's announced days off are added on top.
        self.base_calendar = calendar or WorkCalendar.default()
        self.officer = officer
        self.clock = clock
        # The sync layer's offline limits (days without sync, unsent commands) raise
        # from here when new work must wait for a connection.
        self.work_gate = work_gate
        # Checks a result's signatures before approve/seal (the UI wires signing/ here);
        # the portal always checks them again.
        self.check_result = check_result

    # --- context ---------------------------------------------------------------------

    def calendar(self, agency_id: str | None = None) -> WorkCalendar:
        """The unit's calendar: its session hours from the portal's unit record (the same
        code the portal uses, so both compute the same deadlines), the portal's announced
        days off on top. A unit record without hours falls back to the desk's setting."""
        unit = self.store.get_unit(agency_id or self.officer.unit_id)
        overrides = self.store.calendar_overrides()
        if unit is not None and unit.sessions:
            return WorkCalendar.for_unit(unit, overrides)
        return self.base_calendar.with_overrides(overrides)

    def context(self, dossier: Dossier) -> workflow.Context:
        """As the portal builds it (server_stub/records.apply_action): the unit holding
        the dossier acts, by the deciding unit's procedure, knowing every unit (liên
        thông, Decree 118/2025)."""
        procedure = self.store.get_procedure(dossier.procedure_code, dossier.deciding_id)
        unit = self.store.get_unit(dossier.holder)
        if procedure is None or unit is None:
            raise ServiceError(
                f"Chưa có thông tin thủ tục {dossier.procedure_code} hoặc đơn vị "
                f"{dossier.holder} trên máy; hãy đồng bộ với Cổng dịch vụ công.",
                "Procedure or unit not in the local store; sync first.",
            )
        return workflow.Context(procedure, unit, self.calendar(dossier.holder),
                                units={u.agency_id: u for u in self.store.units()},
                                check_result=self.check_result)

    def allowed_actions(self, code: str) -> list[Action]:
        dossier = self._load(code)
        if self.officer.unit_id in dossier.involved and self.officer.unit_id != dossier.holder:
            return []  # handed on: read-only here (the workflow's not_holder)
        unit = self.store.get_unit(dossier.holder)
        return workflow.allowed_actions(dossier, self.officer, unit) if unit else []

    def _load(self, code: str) -> Dossier:
        dossier = self.store.get_dossier(code)
        if dossier is None:
            raise ServiceError(f"Không tìm thấy hồ sơ {code}", f"Dossier {code} not found")
        return dossier

    # --- the one write path ------------------------------------------------------------

    def act(
        self,
        code: str,
        action: Action,
        payload: p_.Payload | Mapping[str, Any] | None = None,
        at: datetime | None = None,
    ) -> Dossier:
        """Take `action` now; state, log row and outbox command in one transaction.

        `payload` is the action's typed record (or its wire form, read strictly)."""
        if self.work_gate is not None:
            self.work_gate()
        local = None
        if at is None and hasattr(self.clock, "reading"):
            # Stamped with the portal's corrected time; the desk's own reading kept beside.
            at, local = self.clock.reading()
        at = require_aware(at or self.clock(), "at")
        typed = p_.parse(action.value, to_dict(dict(payload)) if isinstance(payload, Mapping)
                         else payload)
        wire = typed.to_wire()
        with self.store.transaction():
            dossier = self._load(code)
            ctx = self.context(dossier)
            seq = self.store.next_log_seq(code)
            new, row = workflow.apply(dossier, action, self.officer, at, ctx, typed, seq,
                                      local_at=local)
            self.store.put_dossier(new)
            self.store.append_log(row)
            self.store.enqueue(code, action.value, dossier.version, at,
                               self.officer.username, wire, local_acted_at=local)
        return new

    # --- intake at the counter (Art. 12.1.b) -------------------------------------------

    def intake(
        self,
        procedure: Procedure,
        applicant: Applicant,
        components: Sequence[DossierComponent],
        *,
        subject: str = "",
        fee_payment: FeePayment = FeePayment.COUNTER,
        result_delivery: ResultDelivery = ResultDelivery.COUNTER,
        postal_address: str = "",
        channel: Channel = Channel.IN_PERSON,
        receive: bool = True,
    ) -> Dossier:
        """Register a paper dossier under a leased code and, if complete, receive it."""
        if self.work_gate is not None:
            self.work_gate()
        if result_delivery is ResultDelivery.POST and not postal_address.strip():
            raise ServiceError("Chưa nhập địa chỉ nhận kết quả qua bưu chính",
                               "A postal address is needed for delivery by post")
        at = require_aware(self.clock())
        by_code = {c.code: c for c in components}
        # Every component the procedure asks for is on the dossier, present or not.
        comps = tuple(
            by_code.get(spec.code)
            or DossierComponent(code=spec.code, name=spec.name, required=spec.required)
            for spec in procedure.components
        ) + tuple(c for c in components if procedure.component(c.code) is None)
        # Decree 118/2025: the officer's unit receives (its code, its desk returns the
        # result) a procedure another unit may decide.
        receiving = self.officer.unit_id or procedure.agency_id
        with self.store.transaction():
            code = self.store.next_dossier_code(receiving, at.date())
            draft = Dossier(
                code=code, procedure_code=procedure.code, agency_id=receiving,
                procedure_agency="" if receiving == procedure.agency_id else procedure.agency_id,
                applicant=applicant, channel=channel, components=comps,
                fee_payment=fee_payment, result_delivery=result_delivery,
                postal_address=postal_address, subject=subject or procedure.name,
                provisional=True,
            )
            ctx = self.context(draft)
            new, row = workflow.apply(draft, Action.SUBMIT, self.officer, at, ctx, {}, 1)
            self.store.put_dossier(new)
            self.store.append_log(row)
            self.store.enqueue(code, Action.SUBMIT.value, 0, at, self.officer.username,
                               {"dossier": to_dict(replace(draft, provisional=False))})
        if receive and not new.missing_required():
            return self.receive(code)
        return new

    # --- named actions -------------------------------------------------------------------

    def receive(self, code: str, assign_to: str = "") -> Dossier:
        """App. step 1; the receipt (form 01) takes the next line of the unit's receipt
        register from a leased block. Offline with no block left, the portal numbers it
        when the command arrives."""
        line = 0
        with contextlib.suppress(NoNumberLeft):
            line = self.store.take_number(RECEIPT_LEASE, self.officer.unit_id,
                                          str(self.clock().year))
        return self.act(code, Action.RECEIVE, p_.Receive(assign_to=assign_to,
                                                          receipt_line=line))

    def refuse(self, code: str, reason: str) -> Dossier:
        return self.act(code, Action.REFUSE, {"reason": reason})

    def request_supplement(
        self,
        code: str,
        missing: Sequence[str],
        reason: str,
        *,
        number: str = "",
        fault: SupplementFault | None = None,
        apology: ApologyLetter | None = None,
        unit_guidance_fault: bool = False,
    ) -> Dossier:
        """App. steps 1-2. A repeated request states whose fault it is (`fault`); when the
        unit's own guidance was at fault, the apology letter goes with it."""
        return self.act(code, Action.REQUEST_SUPPLEMENT, p_.RequestSupplement(
            missing=tuple(missing), reason=reason.strip(), number=number, fault=fault,
            apology=apology, unit_guidance_fault=unit_guidance_fault))

    def supplement_received(
        self, code: str, files: Mapping[str, Sequence[FileRef]] | None = None
    ) -> Dossier:
        return self.act(code, Action.SUPPLEMENT_RECEIVED,
                        {"component_files": {k: list(v) for k, v in (files or {}).items()}})

    def assign(self, code: str, to: str) -> Dossier:
        return self.act(code, Action.ASSIGN, {"to": to})

    def submit_draft(self, code: str, draft: FileRef | None = None, note: str = "") -> Dossier:
        return self.act(code, Action.SUBMIT_DRAFT, _with_result(draft, note))

    def approve(self, code: str, signed: FileRef | None = None, note: str = "") -> Dossier:
        return self.act(code, Action.APPROVE, _with_result(signed, note))

    def send_back(self, code: str, comment: str) -> Dossier:
        if not comment.strip():
            raise ServiceError("Hãy ghi ý kiến khi trả lại chuyên viên",
                               "A comment is needed when sending a draft back")
        return self.act(code, Action.SEND_BACK, {"note": comment})

    def seal_and_register(
        self,
        code: str,
        sealed: FileRef | None = None,
        register_number: str = "",
        summary: str = "",
    ) -> Dossier:
        """App. step 4. Without a number (none from signing), one is taken and registered."""
        dossier = self._load(code)
        payload = _with_result(sealed, "")
        with self.store.transaction():
            if not register_number:
                register_number = self._register(dossier, summary)
            payload["register_number"] = register_number
            return self.act(code, Action.SEAL_AND_REGISTER, payload)

    def _register(self, dossier: Dossier, summary: str) -> str:
        at = self.clock()
        unit = self.store.get_unit(dossier.agency_id)
        number = self.store.next_register_number(dossier.agency_id, at.year)
        row = OutgoingRegisterRow(
            agency_id=dossier.agency_id, year=at.year, number=number,
            symbol=unit.register_symbol if unit else "", date=at,
            # Decree 30/2020: the register names who signed the document, the leader who
            # approved it (by login name; forms print the full name from the directory).
            summary=summary or dossier.subject,
            signer=dossier.approved_by or self.officer.full_name,
            recipients=dossier.applicant.name, dossier_code=dossier.code,
        )
        self.store.record_outgoing(row)
        return row.number_and_symbol

    def transfer(self, code: str, to_agency: str, note: str = "") -> Dossier:
        """Liên thông (App. step 5): hand the dossier to another unit; queued in the
        outbox like any command, so it waits there while the desk is offline."""
        return self.act(code, Action.TRANSFER, p_.Transfer(to_agency=to_agency,
                                                           note=note.strip()))

    def return_at_counter(self, code: str) -> Dossier:
        return self.act(code, Action.RETURN_AT_COUNTER)

    def hand_to_post(self, code: str, note: str = "") -> Dossier:
        return self.act(code, Action.HAND_TO_POST, {"note": note} if note else None)

    def withdraw(self, code: str, reason: str) -> Dossier:
        return self.act(code, Action.WITHDRAW, {"reason": reason})

    def stop(self, code: str, reason: str) -> Dossier:
        return self.act(code, Action.STOP, {"reason": reason})

    def apologise(self, code: str, reason: str, new_due_at: datetime,
                  number: str = "") -> Dossier:
        letter = ApologyLetter(number=number, issued_at=self.clock(), reason=reason,
                               new_due_at=require_aware(new_due_at, "new_due_at"),
                               issued_by=self.officer.username)
        return self.act(code, Action.APOLOGISE, {"apology": letter, "reason": reason})


def _with_result(file: FileRef | None, note: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"note": note} if note else {}
    if file is not None:
        payload["result_files"] = [file]
    return payload


__all__ = ["DeskService", "ServiceError", "WorkflowError"]

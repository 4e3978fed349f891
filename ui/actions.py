"""Carry out an officer's action: ask what it needs, run it off the GUI thread, print
the form that goes with it, refresh the lists. Only actions the workflow allows are
offered (the dossier view asks `DeskService.allowed_actions`)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk_app.domain import Dossier, FileRef, ResultDelivery, Role, Status
from desk_app.textfmt import short_datetime
from desk_app.workflow import ACTION_NAMES_VI, Action, next_supplement
from ui import devices
from ui.forms import (
    ActionDialog,
    ApologyDialog,
    AssignDialog,
    DraftDialog,
    SupplementDialog,
    SupplementReceivedDialog,
)
from ui.threads import run_task

PRINTED_AFTER = {Action.REFUSE: "refusal", Action.REQUEST_SUPPLEMENT: "supplement",
                 Action.APOLOGISE: "apology"}
# Actions that end or turn away a dossier: set apart, and each asks for its reason.
DESTRUCTIVE = (Action.REFUSE, Action.WITHDRAW, Action.STOP)
# The action the state is for, when it is allowed: the primary button (one per state).
PRIMARY_ORDER = (Action.RECEIVE, Action.SUPPLEMENT_RECEIVED, Action.ASSIGN,
                 Action.FEES_PAID, Action.SUBMIT_DRAFT, Action.APPROVE,
                 Action.SEAL_AND_REGISTER, Action.RETURN_AT_COUNTER, Action.HAND_TO_POST)
BUTTON_TEXT = {Action.APPROVE: "Phê duyệt và ký", Action.ASSIGN: "Chuyển xử lý cho…",
               Action.TRANSFER: "Liên thông…"}  # the full name is the dialog's title


def ordered(actions: list[Action]) -> tuple[Action | None, list[Action], list[Action]]:
    """(primary, the others in their order, the destructive ones)."""
    if actions and actions[0] is Action.HAND_TO_POST:
        main: Action | None = Action.HAND_TO_POST  # chosen by the dossier (result by post)
    else:
        main = next((a for a in PRIMARY_ORDER if a in actions), None)
    others = [a for a in actions if a is not main and a not in DESTRUCTIVE]
    return main, others, [a for a in actions if a in DESTRUCTIVE]


def button_text(action: Action) -> str:
    return BUTTON_TEXT.get(action, ACTION_NAMES_VI[action])


class ActionRunner:
    def __init__(self, host, view) -> None:  # type: ignore[no-untyped-def]
        self.host = host
        self.view = view
        self.session = host.session
        self.dialog: ActionDialog | None = None

    # --- one dossier --------------------------------------------------------------------

    def start(self, action: Action, code: str) -> None:
        loaded = self.view.loaded
        if loaded is None or loaded.dossier.code != code:
            return
        d = loaded.dossier
        name = ACTION_NAMES_VI[action]
        svc = self.session.service
        if action is Action.REQUEST_SUPPLEMENT:
            dlg = SupplementDialog(d.components, next_supplement(d), parent=self.host)

            def run_supplement() -> Dossier:
                apology = None
                # Form 02's number (…/HDHS): the dossier's own counter and the request's
                number = f"{code.rsplit('-', 1)[-1]}.{len(d.supplements) + 1}/HDHS"
                if dlg.apology_needed():
                    from desk_app.domain import ApologyLetter

                    apology = ApologyLetter(f"{number[:-5]}/PXL", self.session.clock(),
                                            dlg.reason_text(), dlg.new_due_at(),
                                            svc.officer.username, cause="supplement")
                return svc.request_supplement(code, dlg.missing(), dlg.reason_text(),
                                              number=number, fault=dlg.fault(),
                                              apology=apology)
            self._ask(dlg, action, run_supplement)
        elif action in (Action.REFUSE, Action.WITHDRAW, Action.STOP, Action.SEND_BACK):
            label = "Ý kiến" if action is Action.SEND_BACK else "Lý do"
            dlg = ActionDialog(name, f"{name}: hồ sơ {code}", self.host, reason_label=label,
                               reason_required=True)
            method = {Action.REFUSE: svc.refuse, Action.WITHDRAW: svc.withdraw,
                      Action.STOP: svc.stop, Action.SEND_BACK: svc.send_back}[action]
            self._ask(dlg, action, lambda: method(code, dlg.reason_text()))
        elif action is Action.ASSIGN:
            dlg = AssignDialog(self.host.specialists(), self.host,
                               names=self.host.directory_names())
            self._ask(dlg, action, lambda: svc.assign(code, dlg.username()))
        elif action is Action.SUBMIT_DRAFT:
            dlg = DraftDialog(self.host)
            self._ask(dlg, action, lambda: svc.submit_draft(
                code, self._draft(d, dlg.path if dlg.attach.isChecked() else ""),
                dlg.reason_text()))
        elif action is Action.SUPPLEMENT_RECEIVED:
            asked = d.supplements[-1].missing if d.supplements else ()
            dlg = SupplementReceivedDialog(self.host, code, d.components, asked)
            self._ask(dlg, action, lambda: svc.supplement_received(code, dlg.files))
        elif action is Action.TRANSFER:
            from ui.transfer import TransferDialog, all_units

            store = self.session.store
            procedure = (store.get_procedure(d.procedure_code, d.deciding_id)
                         or store.get_procedure(d.procedure_code, d.agency_id))
            dlg = TransferDialog(d, all_units(store), procedure, self.session.agency_id,
                                 self.host)
            self._ask(dlg, action, lambda: svc.transfer(code, dlg.to_agency(),
                                                        dlg.reason_text()))
        elif action is Action.APOLOGISE:
            dlg = ApologyDialog(self.host)
            self._ask(dlg, action, lambda: svc.apologise(code, dlg.reason_text(),
                                                         dlg.new_due_at()))
        elif action in (Action.APPROVE, Action.SEAL_AND_REGISTER) or action is Action.HAND_TO_POST:
            self.run_batch(action, [code])
        else:
            dlg = ActionDialog(name, f"{name}: hồ sơ {code} — {d.applicant.name}", self.host)
            simple: dict[Action, Callable[[], Dossier]] = {
                Action.RECEIVE: lambda: svc.receive(code),
                Action.RETURN_AT_COUNTER: lambda: svc.return_at_counter(code),
            }
            self._ask(dlg, action, simple.get(action, lambda: svc.act(code, action)))

    def _ask(self, dlg: ActionDialog, action: Action, work: Callable[[], Dossier]) -> None:
        self.dialog = dlg

        def accepted() -> None:
            self.dialog = None
            self.host.run_action(ACTION_NAMES_VI[action], work,
                                 lambda d: self._done(action, d))

        dlg.accepted.connect(accepted)
        dlg.rejected.connect(lambda: setattr(self, "dialog", None))
        dlg.open()

    def _done(self, action: Action, d: Dossier) -> None:
        from ui.dossier_view import done_vi

        self.host.show_message(done_vi(action, d))
        self.view.after_action(action, d)  # stay on it; the next steps are offered
        self.host.follow(d.code)
        if action is Action.RETURN_AT_COUNTER:
            self.host.offer_survey(d.code)
        form = PRINTED_AFTER.get(action)
        if form:
            extra: dict[str, Any] = {}
            if action is Action.REQUEST_SUPPLEMENT and d.supplements:
                extra["supplement"] = d.supplements[-1]
                if d.apologies and d.apologies[-1].issued_at == d.supplements[-1].requested_at:
                    # App. step 1: the apology letter goes with the repeated guidance.
                    self.host.print_form("apology", d, apology=d.apologies[-1])
            if action is Action.APOLOGISE and d.apologies:
                extra["apology"] = d.apologies[-1]
            self.host.print_form(form, d, **extra)

    def _draft(self, d: Dossier, path: str) -> FileRef:
        """Runs on a worker: the draft file into the blob store."""
        blobs = self.session.blobs
        if path:
            return blobs.put_file(path)
        procedure = self.session.store.get_procedure(d.procedure_code, d.agency_id)
        data = devices.generate_draft(d, procedure, self.session.unit, self.session.officer)
        sha = blobs.put(data)
        return FileRef(sha, f"du-thao-{d.code}.pdf", size=len(data), pages=1)

    # --- many dossiers: one PIN, one postal slip -------------------------------------

    def run_batch(self, action: Action, codes: list[str]) -> None:
        name = ACTION_NAMES_VI[action]
        signing = action in (Action.APPROVE, Action.SEAL_AND_REGISTER)
        note = ""
        if signing:
            ok, why = devices.signing_available(self.session.settings.token_library)
            # App. steps 3-4: approving and sealing are signing; nothing goes on unsigned.
            note = "" if ok else (f"\nChưa ký số được: {why}. Hãy cắm thiết bị ký số; chỉ "
                                  "kết quả cấp bằng giấy (bản quét) được chuyển tiếp.")
        if action is Action.HAND_TO_POST:
            note = "\nPhiếu giao chuyển bưu chính sẽ được in cho các hồ sơ này."
        dlg = ActionDialog(name, f"{name}: {len(codes)} hồ sơ\n" + "\n".join(codes[:10])
                           + ("\n…" if len(codes) > 10 else "") + note, self.host)
        if action is Action.APPROVE:
            dlg.reason = None
        self.dialog = dlg

        def accepted() -> None:
            self.dialog = None
            self.host.start_job(name, lambda progress: self._batch(action, codes, progress),
                                self._batch_done)

        dlg.accepted.connect(accepted)
        dlg.rejected.connect(lambda: setattr(self, "dialog", None))
        dlg.open()

    def _batch(self, action: Action, codes: list[str], progress: Any) -> tuple[Action, list, list]:
        """On a worker: sign (when a token is set up), then act on each dossier."""
        svc, store, blobs = self.session.service, self.session.store, self.session.blobs
        settings = self.session.settings
        signed: dict[str, FileRef] = {}
        numbers: dict[str, str] = {}
        problems: list[str] = []
        if action in (Action.APPROVE, Action.SEAL_AND_REGISTER):
            # A result issued on paper only: the scan of the signed paper is the result.
            on_paper = {c: d.result_files[0] for c in codes
                        if (d := store.get_dossier(c)) is not None and d.result_files
                        and (p := store.get_procedure(d.procedure_code, d.agency_id))
                        and p.result_on_paper}
            electronic = [c for c in codes if c not in on_paper]
            if electronic and devices.signing_available(settings.token_library)[0]:
                signed, numbers, problems = self._sign(action, electronic, progress)
            elif electronic:
                why = devices.signing_available(settings.token_library)[1]
                problems += [f"{c}: chưa ký số được ({why})" for c in electronic]
            signed.update(on_paper)
            # nothing goes on unsigned (no token, wrong PIN, token pulled out…)
            codes = [c for c in codes if c in signed]
        done: list[Dossier] = []
        for i, code in enumerate(codes, 1):
            progress.check()
            progress(i - 1, len(codes), f"{ACTION_NAMES_VI[action]} {code}")
            try:
                if action is Action.APPROVE:
                    done.append(svc.approve(code, signed.get(code)))
                elif action is Action.SEAL_AND_REGISTER:
                    # the seal's signing took the register number (Decree 30/2020)
                    done.append(svc.seal_and_register(code, signed.get(code),
                                                      register_number=numbers.get(code, "")))
                elif action is Action.HAND_TO_POST:
                    done.append(svc.hand_to_post(code))
            except Exception as exc:
                problems.append(f"{code}: {devices.message_of(exc)}")
        progress(len(codes), len(codes), "")
        del store, blobs
        return action, done, problems

    def _sign(self, action: Action, codes: list[str], progress: Any
              ) -> tuple[dict[str, FileRef], dict[str, str], list[str]]:
        """On a worker: the drafts (or approved results) signed on the token, one PIN."""
        session = self.session
        store, blobs, settings = session.store, session.blobs, session.settings
        work = Path(tempfile.mkdtemp(prefix="sign-", dir=session.data_dir))
        sources = []
        problems: list[str] = []
        for code in codes:
            d = store.get_dossier(code)
            if d is None or not d.result_files:
                problems.append(f"{code}: chưa có dự thảo kết quả để ký")
                continue
            ref = d.result_files[0]
            if not blobs.has(ref.sha256):
                blobs.put(session.link.fetch_blob(ref.sha256))
            src = work / f"{code}--{ref.sha256[:8]}.pdf"
            src.write_bytes(blobs.get(ref.sha256))
            sources.append(src)
        if not sources:
            return {}, {}, problems
        role = "leader" if action is Action.APPROVE else "clerk"
        book = None
        if role == "clerk":
            from signing import StoreRegisterBook

            book = StoreRegisterBook(store)
        prompt = self.host.pin_prompt
        prompt.documents = [self._document_line(store, s.stem.split("--")[0]) for s in sources]
        prompt.certificate = devices.certificate_text(settings.token_library,
                                                      settings.token_label)
        try:
            outcomes = devices.sign_files(
                settings.token_library, self.host.pin_prompt, role, sources, work / "out",
                session.officer, session.unit, progress=progress, register_book=book,
                cancel=progress.event, token_label=settings.token_label)
        except Exception as exc:
            return {}, {}, [*problems, devices.message_of(exc)]
        signed: dict[str, FileRef] = {}
        numbers: dict[str, str] = {}
        for source, output, message, number in outcomes:
            code = source.stem.split("--")[0]
            if output is not None and output.exists():
                ref = blobs.put_file(output)
                signed[code] = FileRef(ref.sha256, f"{code}-{role}.pdf", ref.media_type,
                                       ref.size, ref.pages)
                if number:
                    numbers[code] = number
            else:
                problems.append(message)
        return signed, numbers, problems

    @staticmethod
    def _document_line(store: Any, code: str) -> str:
        d = store.get_dossier(code)
        if d is None:
            return code
        return f"{code} — {d.subject or 'kết quả giải quyết'} — {d.applicant.name}"

    def _batch_done(self, result: tuple[Action, list[Dossier], list[str]]) -> None:
        action, done, problems = result
        text = f"{ACTION_NAMES_VI[action]}: đã xong {len(done)} hồ sơ"
        if problems:
            self.host.show_message(text + ". Chưa xong: " + "; ".join(problems), error=True)
        else:
            self.host.show_message(text)
        if action is Action.HAND_TO_POST and done:
            self.host.print_postal_slip(done)

    # --- extra buttons that are not workflow actions --------------------------------------

    def extras(self, loaded: Any) -> list[tuple[str, str, Callable[[], None], str]]:
        """(name, text, slot, shortcut) of the printing buttons beside the actions."""
        if loaded is None or not self.session.has(Role.DESK):
            return []
        d: Dossier = loaded.dossier
        result: list[tuple[str, str, Callable[[], None], str]] = []
        if d.status not in (None, Status.SUBMITTED, Status.REFUSED):
            result.append(("print_receipt", "In giấy tiếp nhận",
                           lambda: self.host.print_form("receipt", d), "Ctrl+P"))
        if d.status is Status.DONE and d.result_delivery is ResultDelivery.POST:
            result.append(("print_postal_slip", "In phiếu giao chuyển",
                           lambda: self.host.print_postal_slip([d]), ""))
        if d.apologies:  # form 04, with its number and the new appointment
            letter = d.apologies[-1]
            result.append(("print_apology", f"In thư xin lỗi {letter.number}".strip(),
                           lambda: self.host.print_form("apology", d, apology=letter), ""))
        if d.status is Status.STOPPED and self._has_form(d, "stop"):  # new in the 2025 set
            result.append(("print_stop", "In thông báo dừng giải quyết",
                           lambda: self.host.print_form("stop", d, log_rows=loaded.log), ""))
        if d.status is not None:
            result.append(("print_control", "In phiếu kiểm soát",
                           lambda: self.host.print_form("control", d,
                                                        log_rows=loaded.log), ""))
        return result


    def _has_form(self, d: Dossier, form_id: str) -> bool:
        """Whether the form set in force on the dossier's receipt date has this form."""
        try:
            from printing.templates import set_for

            return form_id in set_for(d, self.session.clock()).forms
        except Exception:
            return False


def describe(d: Dossier) -> str:
    due = d.effective_due_at
    return f"{d.code} — {d.applicant.name}" + (f", hẹn {short_datetime(due)}" if due else "")


__all__ = ["ActionRunner", "describe", "run_task"]

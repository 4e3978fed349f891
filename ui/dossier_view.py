"""The dossier view: applicant, procedure (Art. 7), components with a viewer and their
signature status (Art. 11.1), the processing log (form 05), deadlines, and exactly the
actions the workflow allows this officer now."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import (
    CHANNEL_NAMES_VI,
    ROLE_NAMES_VI,
    STATUS_NAMES_VI,
    STEP_NAMES_VI,
    TIMELINESS_NAMES_VI,
    Dossier,
    DossierComponent,
    FeePayment,
    LogRow,
    Procedure,
    ResultDelivery,
    Role,
    Status,
    Step,
)
from desk_app.textfmt import short_datetime
from desk_app.workflow import ACTION_NAMES_VI, Action
from ui.access_log_view import note_opened
from ui.actions import ActionRunner, button_text, ordered
from ui.flow_layout import FlowLayout
from ui.models import (
    URGENCY_MARKS,
    URGENCY_NAMES_VI,
    Urgency,
    deadline_of,
    left_vi,
    tier,
    working_left,
)
from ui.parts_view import PartsView
from ui.style import icon
from ui.threads import run_task
from ui.transfer import read_only_banner
from ui.viewer import ComponentViewer
from ui.widgets import FieldForm, plain_label

FEE_VI = {FeePayment.NONE: "Không thu phí", FeePayment.COUNTER: "Nộp tại quầy",
          FeePayment.ONLINE: "Nộp trực tuyến"}
DELIVERY_VI = {ResultDelivery.COUNTER: "Nhận tại Bộ phận một cửa",
               ResultDelivery.POST: "Nhận qua bưu chính công ích"}
# Mẫu 05's columns, the ones read most first: what, when, early / on time / late.
LOG_HEADERS = ("Bước", "Thời điểm", "Kết quả", "Bên giao", "Bên nhận", "Hạn", "Ghi chú")


@dataclass
class Loaded:
    dossier: Dossier
    procedure: Procedure | None
    log: list[LogRow]
    actions: list[Action]
    unit_names: dict[str, str] = field(default_factory=dict)  # the units involved


def _dt(value) -> str:  # type: ignore[no-untyped-def]
    """One date format everywhere on screen: dd/MM/yyyy HH:mm."""
    return short_datetime(value) if value else ""


class DossierView(QWidget):
    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.host = host
        self.session = host.session
        self.code = ""
        self.loaded: Loaded | None = None
        self._token = 0
        self.actions = ActionRunner(host, self)
        self.title = plain_label(self.tr("Chọn một hồ sơ trong danh sách để xem"))
        self.title.setObjectName("dossier_title")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.status = plain_label()
        self.status.setObjectName("dossier_status")
        # the clock that matters now, large: an officer reads it from a step away
        self.countdown = plain_label(wrap=False, selectable=False)
        self.countdown.setObjectName("countdown")
        big = self.countdown.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.countdown.setFont(big)
        self.countdown.hide()
        self.incomplete = plain_label()
        self.incomplete.setObjectName("incomplete_warning")
        self.incomplete.setStyleSheet("background: #fde7e9; color: #8c1d18; padding: 6px;"
                                      "border-radius: 4px")
        self.incomplete.hide()
        # after an action: what comes next, so the officer never hunts for the dossier
        self.next_steps = plain_label(selectable=False)
        self.next_steps.setObjectName("next_steps")
        self.next_steps.setStyleSheet("background: #e6f4ea; color: #0d5223; padding: 6px;"
                                      "border-radius: 4px")
        self.next_steps.hide()
        # liên thông: a unit that handed the dossier on keeps a read-only view
        self.read_only = plain_label(selectable=False)
        self.read_only.setObjectName("read_only_banner")
        self.read_only.setStyleSheet("background: #fff4ce; color: #5c3c00; padding: 6px;"
                                     "border-radius: 4px; font-weight: bold")
        self.read_only.hide()
        self._just_done: Action | None = None
        self._shape: tuple = ()
        self.info = FieldForm()
        self.procedure = FieldForm()
        self.components = QListWidget()
        self.components.setObjectName("components")
        self.components.setWordWrap(True)  # long component names are never cut off
        self.components.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.viewer = ComponentViewer(host)
        self.components.currentRowChanged.connect(self._component_selected)
        comp_split = QSplitter(Qt.Orientation.Vertical)
        comp_split.addWidget(self.components)
        comp_split.addWidget(self.viewer)
        comp_split.setStretchFactor(1, 4)
        comp_split.setSizes([120, 560])  # the preview gets the room
        self.log = QTableWidget(0, len(LOG_HEADERS))
        self.log.setObjectName("timeline")
        self.log.setHorizontalHeaderLabels(LOG_HEADERS)
        self.log.verticalHeader().hide()
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        first = QWidget()
        fl = QVBoxLayout(first)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.incomplete)
        fl.addWidget(_scroll(self.info), 1)
        self.tabs.addTab(first, self.tr("Hồ sơ"))
        self.tabs.addTab(comp_split, self.tr("Thành phần"))
        self.tabs.addTab(self.log, self.tr("Quá trình xử lý"))
        self.tabs.addTab(_scroll(self.procedure), self.tr("Thủ tục"))
        self.parts = PartsView(self._unit_name)  # liên thông: each unit's part and budget
        self.tabs.addTab(self.parts, self.tr("Liên thông"))
        # one primary action, the others beside it, destructive ones apart (right, red)
        self.action_box = QFrame()
        self.action_box.setObjectName("action_box")
        box = QVBoxLayout(self.action_box)
        box.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.primary_slot = QVBoxLayout()
        self.danger_box = QVBoxLayout()
        top.addLayout(self.primary_slot)
        top.addStretch(1)
        top.addLayout(self.danger_box)
        box.addLayout(top)
        # the others below, across the pane, wrapping: no action's text is ever cut off
        self.action_grid = FlowLayout()
        box.addLayout(self.action_grid)
        self.action_buttons: dict[Action, QPushButton] = {}
        self.primary: QPushButton | None = None
        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.countdown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(head)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.read_only)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.action_box)

    # --- loading ------------------------------------------------------------------

    def show_dossier(self, code: str) -> None:
        if code != self.code and not getattr(self.host, "_follow", ""):
            self._just_done = None
            self.next_steps.hide()
            note_opened(self.session, code)  # who opened which dossier (access log)
        self.code = code
        self.reload()

    def clear(self) -> None:
        """Nothing of the last dossier stays on screen (the lock)."""
        self._token += 1
        self.code = ""
        self.loaded = None
        self.title.setText(self.tr("Chọn một hồ sơ trong danh sách để xem"))
        for w in (self.status, self.countdown, self.incomplete, self.next_steps):
            w.setText("")
        self.countdown.hide()
        self.incomplete.hide()
        self.next_steps.hide()
        self.info.set_rows([])
        self.procedure.set_rows([])
        self.components.clear()
        self._files = []
        self.viewer.show_file(None)
        self.log.setRowCount(0)
        self.read_only.hide()
        self.parts.show_dossier(None)
        self._shape = ()
        self._set_actions([])

    def after_action(self, action: Action, d: Dossier) -> None:
        """Stay on the dossier and say what comes next."""
        self._just_done = action
        self.code = d.code
        self.reload()

    def tick(self) -> None:
        if self.loaded is not None:
            self._show_clock(self.loaded.dossier)

    def _show_clock(self, d: Dossier) -> None:
        deadline = deadline_of(d)
        if deadline is None:
            self.countdown.hide()
            return
        now = self.session.clock()
        calendar = self.session.calendar()
        left = working_left(deadline, now, calendar)
        level = tier(left)
        what = ("Hạn tiếp nhận" if d.received_at is None and d.receipt_due_at
                else "Hẹn trả lại" if d.apologies else "Hạn trả")
        colour = URGENCY_MARKS.get(level, ("#444", ""))[0]
        self.countdown.setStyleSheet(f"color: {colour}")
        said = left_vi(left, abs(left).days < 45, calendar.working_day).lower()
        self.countdown.setText(f"{what}: {said}")
        self.countdown.setToolTip(f"{what}: {short_datetime(deadline)} · "
                                  f"{URGENCY_NAMES_VI[level]} (tính theo giờ làm việc)")
        self.countdown.setAccessibleName(f"{what}: {self.countdown.text()}")
        self.countdown.show()
        self.level = level

    level = Urgency.NONE

    def reload(self) -> None:
        if not self.code:
            return
        self._token += 1
        token, code, session = self._token, self.code, self.session

        def load() -> Loaded | None:
            dossier = session.store.get_dossier(code)
            if dossier is None:
                return None
            # the deciding unit's procedure (liên thông: the centre receives for a Sở)
            procedure = (session.store.get_procedure(dossier.procedure_code,
                                                     dossier.deciding_id)
                         or session.store.get_procedure(dossier.procedure_code,
                                                        dossier.agency_id))
            try:
                actions = session.service.allowed_actions(code)
            except Exception:  # a store without the unit yet: show, offer nothing
                actions = []
            names = {a: (u.name if (u := session.store.get_unit(a)) else a)
                     for a in (*dossier.involved, dossier.deciding_id,
                               *(p.agency_id for p in dossier.parts))}
            return Loaded(dossier, procedure, session.store.log_rows(code), actions, names)

        run_task(load, lambda result: self._show(token, result), self.host.show_error)

    def _show(self, token: int, loaded: Loaded | None) -> None:
        if token != self._token:
            return  # the officer moved on to another dossier
        if loaded is None:
            self.title.setText(f"Không tìm thấy hồ sơ {self.code}")
            self.loaded = None
            self._shape = ()
            self._set_actions([])
            return
        self.loaded = loaded
        d, p = loaded.dossier, loaded.procedure
        self.title.setText(f"{d.code} — {d.applicant.name}")
        state = STEP_NAMES_VI[d.step] if d.step else (STATUS_NAMES_VI[d.status]
                                                       if d.status else "")
        extra = " · chưa gửi lên Cổng" if d.provisional else ""
        self.status.setText(f"{state}{extra}")
        self._show_clock(d)
        missing = d.missing_required() if d.status in (None, Status.SUBMITTED,
                                                        Status.RECEIVED) else []
        self.incomplete.setText("⚠ Hồ sơ chưa đủ thành phần bắt buộc: "
                                + "; ".join(c.name for c in missing)
                                + ". Hãy yêu cầu bổ sung một lần, đầy đủ." if missing else "")
        self.incomplete.setVisible(bool(missing))
        self.info.set_rows(self._info_rows(d, p))
        self.procedure.set_rows(_procedure_rows(p) if p else [
            ("Thủ tục", f"{d.procedure_code} (chưa có trên máy; hãy đồng bộ)")])
        self._fill_components(d.components, d)
        self._fill_log(loaded.log)
        actions = self._sensible(d, loaded.actions)
        banner = read_only_banner(d, self.session.agency_id, self._unit_name)
        self.read_only.setText(banner)
        self.read_only.setVisible(bool(banner))
        if banner:
            actions = []  # the portal would refuse them (not_holder)
        self.parts.show_dossier(d, self.session.clock())
        shape = (d.code, d.version, d.status, d.step, tuple(actions))
        if shape != self._shape:  # unchanged: keep the buttons (a key may be on its way)
            self._shape = shape
            self._set_actions(actions)
        self._show_next_steps(d)
        self._open_draft_for_leader(d)

    def _sensible(self, d: Dossier, actions: list[Action]) -> list[Action]:
        """What makes sense for this dossier now: no postal handover for a counter
        pickup (the applicant chose where to get the result)."""
        if d.result_delivery is ResultDelivery.COUNTER:
            actions = [a for a in actions if a is not Action.HAND_TO_POST]
        elif Action.HAND_TO_POST in actions:
            # by post: the handover is the main step (the applicant may still come by)
            actions = [Action.HAND_TO_POST, *(a for a in actions if a is not Action.HAND_TO_POST)]
        return actions

    def _show_next_steps(self, d: Dossier) -> None:
        done = self._just_done
        if done is None:
            self.next_steps.hide()
            return
        steps = []
        if self.primary is not None:
            steps.append(f"{self.primary.text()} (Alt+1)")
        if "print_receipt" in self.action_buttons and done is Action.RECEIVE:
            steps.append("In giấy tiếp nhận (Ctrl+P)")
        steps.append("hồ sơ kế tiếp (F8)")
        self.next_steps.setText(f"✔ {done_vi(done, d)} Tiếp theo: " + " · ".join(steps))
        self.next_steps.show()
        if self.primary is not None:
            self.primary.setFocus()

    def _open_draft_for_leader(self, d: Dossier) -> None:
        """The leader reads the draft first: open it, fit to width."""
        if d.step is not Step.APPROVAL or not d.result_files or not self.session.has(
                Role.LEADER):
            return
        self.tabs.setCurrentIndex(1)
        self.components.setCurrentRow(len(self._files) - 1)

    def _info_rows(self, d: Dossier, p: Procedure | None) -> list[tuple[str, str]]:
        a = d.applicant
        rows = [
            ("Người nộp", a.name), ("Số giấy tờ", a.id_number), ("Địa chỉ", a.address),
            ("Điện thoại", a.phone), ("Thư điện tử", a.email),
            ("Tài khoản Cổng", a.portal_account),
            ("Thủ tục", f"{p.name} ({p.code})" if p else d.procedure_code),
            ("Đơn vị giải quyết", self._unit_name(d.deciding_id)
             if d.deciding_id != d.agency_id else ""),  # received here for another unit
            ("Nội dung yêu cầu", d.subject), ("Hình thức nộp", CHANNEL_NAMES_VI[d.channel]),
            ("Phí, lệ phí", FEE_VI[d.fee_payment]),
            ("Nhận kết quả", DELIVERY_VI[d.result_delivery]),
            ("Địa chỉ nhận qua bưu chính", d.postal_address),
            ("Thời điểm nộp", _dt(d.submitted_at)),
            ("Hạn tiếp nhận", _dt(d.receipt_due_at) if d.received_at is None else ""),
            ("Thời điểm tiếp nhận", _dt(d.received_at)),
            ("Hẹn trả kết quả", _dt(d.effective_due_at)),
            ("Chuyên viên xử lý", self.host.person(d.assigned_to) if d.assigned_to else ""),
            ("Số, ký hiệu văn bản", d.register_number),
            ("Thời điểm trả kết quả", _dt(d.returned_at)),
            ("Lý do từ chối", d.refusal_reason),
        ]
        for i, s in enumerate(d.supplements, 1):
            rows.append((f"Yêu cầu bổ sung lần {i}",
                         f"{short_datetime(s.requested_at)}: {s.reason}".strip()))
        for a_letter in d.apologies:
            rows.append(("Thư xin lỗi, hẹn lại", f"{a_letter.reason} — hẹn "
                         f"{short_datetime(a_letter.new_due_at)}"))
        return rows

    def _fill_components(self, comps: tuple[DossierComponent, ...], d: Dossier) -> None:
        self.components.clear()
        self._files = []
        for c in comps:
            mark = "✔" if c.present else ("✘" if c.required else "–")
            need = "bắt buộc" if c.required else "không bắt buộc"
            if not c.files:
                item = QListWidgetItem(f"{mark} {c.name} ({need}) — chưa có tệp")
                self.components.addItem(item)
                self._files.append(None)
            for f in c.files:
                self.components.addItem(QListWidgetItem(f"{mark} {c.name}: {f.filename}"))
                self._files.append(f)
        for f in d.result_files:
            self.components.addItem(QListWidgetItem(f"★ Kết quả: {f.filename}"))
            self._files.append(f)
        # the list as tall as its rows (up to a point): the preview gets the rest
        rows = sum(self.components.sizeHintForRow(i) for i in range(self.components.count()))
        split = self.components.parentWidget()
        if hasattr(split, "setSizes"):
            list_h = min(max(rows + 8, 60), 200)
            split.setSizes([list_h, max(200, split.height() - list_h)])
        if self._files:
            self.components.setCurrentRow(0)

    def _component_selected(self, row: int) -> None:
        if 0 <= row < len(self._files):
            self.viewer.show_file(self._files[row])

    def _fill_log(self, rows: list[LogRow]) -> None:
        self.log.setRowCount(len(rows))
        for r, row in enumerate(rows):
            try:
                step = ACTION_NAMES_VI[Action(row.action)]
            except ValueError:
                step = row.action
            values = (step, short_datetime(row.handed_at),
                      TIMELINESS_NAMES_VI[row.timeliness] if row.timeliness else "",
                      self._who(row.handed_by), self._who(row.received_by),
                      short_datetime(row.due_at) if row.due_at else "", row.note)
            for c, value in enumerate(values):
                self.log.setItem(r, c, QTableWidgetItem(value))
        self.log.resizeColumnsToContents()

    # --- actions --------------------------------------------------------------------

    def _set_actions(self, actions: list[Action]) -> None:
        for button in self.action_buttons.values():
            # out at once: a button waiting for deletion must not keep its Alt+N shortcut
            button.setShortcut(QKeySequence())
            button.hide()
            button.setParent(None)
            button.deleteLater()
        self.action_buttons = {}
        self.primary = None
        main, others, danger = ordered(actions)
        shown = [a for a in (main, *others) if a is not None]
        for i, action in enumerate(shown):
            button = QPushButton(QCoreApplication.translate("Action", button_text(action)))
            button.setObjectName(f"action_{action.value}")
            if i < 9:  # keyboard: Alt+1 … Alt+9, in the order shown
                button.setShortcut(f"Alt+{i + 1}")
                button.setToolTip(f"Alt+{i + 1}")
            button.clicked.connect(lambda _=False, a=action: self.actions.start(a, self.code))
            if action in ACTION_ICONS:
                button.setIcon(icon(ACTION_ICONS[action], "white" if action is main
                                    else "#3c4043"))
            if action is main:
                button.setProperty("primary", True)
                button.setMinimumHeight(int(button.sizeHint().height() * 1.5))
                self.primary_slot.addWidget(button)
                self.primary = button
            else:
                self.action_grid.addWidget(button)
            self.action_buttons[action] = button
        for name, text, slot, key in self.actions.extras(self.loaded):
            button = QPushButton(icon(EXTRA_ICONS.get(name, "print")), text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            if key:
                button.setShortcut(key)
                button.setToolTip(key)
            self.action_grid.addWidget(button)
            self.action_buttons[name] = button  # type: ignore[index]
        for action in danger:
            # apart, and each asks for the reason before anything happens
            button = QPushButton(icon(ACTION_ICONS.get(action, "ban"), "#b3261e"),
                                 button_text(action) + "…")
            button.setObjectName(f"action_{action.value}")
            button.setProperty("danger", True)
            button.setToolTip(self.tr("Cần ghi rõ lý do"))
            button.clicked.connect(lambda _=False, a=action: self.actions.start(a, self.code))
            self.danger_box.addWidget(button)
            self.action_buttons[action] = button

    def offered(self) -> list[str]:
        return [a.value if isinstance(a, Action) else a for a in self.action_buttons]


    def _unit_name(self, agency_id: str) -> str:
        names = self.loaded.unit_names if self.loaded else {}
        return names.get(agency_id, agency_id)

    def _who(self, name: str) -> str:
        """A person by full name; a role (the next holder not yet named) in Vietnamese."""
        try:
            return ROLE_NAMES_VI[Role(name)]
        except ValueError:
            return self.host.person(name)


ACTION_ICONS = {Action.RECEIVE: "inbox", Action.ASSIGN: "right-left",
                Action.SUBMIT_DRAFT: "file-pdf", Action.APPROVE: "signature",
                Action.SEAL_AND_REGISTER: "stamp", Action.RETURN_AT_COUNTER: "circle-check",
                Action.HAND_TO_POST: "truck", Action.REQUEST_SUPPLEMENT: "file-circle-plus",
                Action.REFUSE: "ban", Action.WITHDRAW: "xmark", Action.STOP: "ban",
                Action.TRANSFER: "share"}
EXTRA_ICONS = {"print_receipt": "print", "print_control": "print", "print_postal_slip": "print"}


def done_vi(action: Action, d: Dossier) -> str:
    """What just happened, as an officer would say it."""
    past = {Action.RECEIVE: "Đã tiếp nhận", Action.ASSIGN: "Đã chuyển xử lý",
            Action.SUBMIT_DRAFT: "Đã trình lãnh đạo", Action.APPROVE: "Đã phê duyệt",
            Action.SEND_BACK: "Đã trả lại chuyên viên",
            Action.SEAL_AND_REGISTER: "Đã đóng dấu, vào sổ",
            Action.RETURN_AT_COUNTER: "Đã trả kết quả", Action.HAND_TO_POST:
            "Đã giao bưu chính", Action.REQUEST_SUPPLEMENT: "Đã yêu cầu bổ sung",
            Action.SUPPLEMENT_RECEIVED: "Đã nhận bổ sung", Action.REFUSE: "Đã từ chối",
            Action.WITHDRAW: "Đã rút", Action.STOP: "Đã dừng xử lý",
            Action.TRANSFER: "Đã chuyển đơn vị khác"}
    return f"{past.get(action, ACTION_NAMES_VI[action])} hồ sơ {d.code} của {d.applicant.name}."


def _procedure_rows(p: Procedure) -> list[tuple[str, str]]:
    """Every field the portal publishes for a procedure (Art. 7.2)."""
    comps = "\n".join(
        f"• {c.name}" + (" (bắt buộc)" if c.required else "")
        + (f": {c.originals} bản chính" if c.originals else "")
        + (f", {c.certified_copies} bản sao chứng thực" if c.certified_copies else "")
        + (f" — mẫu {c.form_template}" if c.form_template else "")
        for c in p.components)
    return [
        ("Mã thủ tục", p.code), ("Tên thủ tục", p.name), ("Lĩnh vực", p.field),
        ("Trình tự thực hiện", "\n".join(f"{i}. {s}" for i, s in enumerate(p.steps, 1))),
        ("Cách thức thực hiện", ", ".join(CHANNEL_NAMES_VI[c] for c in p.submit_ways)),
        ("Thành phần hồ sơ", comps), ("Thời hạn giải quyết", p.time_limit.describe_vi()),
        ("Đối tượng thực hiện", p.applicants), ("Cơ quan thực hiện", p.handling_agency),
        ("Kết quả", p.result), ("Yêu cầu, điều kiện", p.conditions),
        ("Phí, lệ phí", p.fees), ("Căn cứ pháp lý", "\n".join(p.legal_basis)),
        ("Địa điểm, thời gian", p.place_and_time), ("Mẫu kết quả", p.result_template),
    ]


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area

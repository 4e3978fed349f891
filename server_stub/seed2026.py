"""The "hue2026" demo seed: Huế's one-stop offices as they are in 2026 (issue 12).

The city's Public Administration Service Centre receives the Department of Justice's
procedures and routes them there (liên thông, App. step 5); the department decides, signs
and seals, and the result comes back to the centre's desk for return. A ward and a rural
commune receive their own procedures and the province-wide ones; the ward, the ward police
and the city's social insurance share the linked birth - permanent residence - health
insurance card procedure. Dossiers are played through the shared workflow
(`records.apply_action`) like the older seed's, so their logs and parts are real.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, text

from desk_app.calendar import WorkCalendar
from desk_app.domain import (
    ApologyLetter,
    Applicant,
    ApplicantKind,
    Channel,
    Dossier,
    DossierComponent,
    FeePayment,
    Officer,
    Procedure,
    ResultDelivery,
    Role,
    TimeUnit,
    Unit,
    to_dict,
)
from desk_app.workflow import Action
from server_stub import leases, records
from server_stub import seed_units2026 as u26
from server_stub.db import dumps
from server_stub.state import Portal

_Step = tuple[Action, str, float, dict[str, Any]]  # (action, "unit.role", hours, payload)


def seed(conn: Connection, portal: Portal, now: datetime, password_hash: str) -> None:
    """Units, procedures, officers, applicants and dossiers of the 2026 demo."""
    all_units = u26.units()
    procs = u26.procedures()
    for unit in all_units:
        records.put_unit(conn, unit)
    for p in procs:
        records.put_procedure(conn, p)
    for username, full_name, roles, agency, title in [*u26.OFFICERS, u26.CITY_OFFICER]:
        records.put_officer(conn, Officer(username, full_name, agency, roles, title),
                            password_hash)
    for email, name, id_number, address, phone, kind in u26.CITIZENS:
        data = {"account": email, "full_name": name, "email": email, "phone": phone,
                "id_number": id_number, "address": address, "kind": kind}
        conn.execute(text("INSERT INTO citizens (account, password_hash, data, verified, "
                          "verify_hash, created_at) VALUES (:a, :h, :d, 1, '', :t)"),
                     {"a": email, "h": password_hash, "d": dumps(data), "t": portal.epoch()})
    _Player(conn, portal, now, {u.agency_id: u for u in all_units}, procs).play_all()


# --- histories -----------------------------------------------------------------------

def _s(action: Action, who: str, hours: float, **payload: Any) -> _Step:
    return (action, who, hours, payload)


def _to(unit: Unit, note: str = "") -> dict[str, Any]:
    return {"to_agency": unit.agency_id, "note": note}


# The centre receives for the Department of Justice and hands over (App. step 5).
_C_RECEIVE = _s(Action.RECEIVE, "centre.desk", 0.5)
_C_SEND = (Action.TRANSFER, "centre.desk", 1.0, _to(u26.JUSTICE, "Chuyển Sở Tư pháp giải quyết"))
_J_DECIDE: list[_Step] = [
    _s(Action.ASSIGN, "justice.leader", 2, to="@justice.spec"),
    _s(Action.SUBMIT_DRAFT, "justice.spec", 8, note="Hồ sơ hợp lệ, đề nghị phê duyệt"),
    _s(Action.APPROVE, "justice.leader", 10, note="Đồng ý"),
    _s(Action.SEAL_AND_REGISTER, "justice.clerk", 11),
]
_CENTRE: list[tuple[str, Channel, ResultDelivery, list[_Step]]] = [
    ("moi_truc_tuyen", Channel.ONLINE, ResultDelivery.COUNTER, []),
    ("da_tiep_nhan_chua_chuyen", Channel.IN_PERSON, ResultDelivery.COUNTER, [_C_RECEIVE]),
    ("tu_choi", Channel.ONLINE, ResultDelivery.COUNTER, [_s(
        Action.REFUSE, "centre.desk", 0.5, reason="Yêu cầu không thuộc thẩm quyền giải quyết "
        "của Sở Tư pháp; đề nghị liên hệ cơ quan có thẩm quyền.")]),
    ("dang_chuyen_so", Channel.IN_PERSON, ResultDelivery.COUNTER, [_C_RECEIVE, _C_SEND]),
    ("so_dang_xu_ly", Channel.ONLINE, ResultDelivery.POST,
     [_C_RECEIVE, _C_SEND, _J_DECIDE[0]]),
    ("so_cho_phe_duyet", Channel.IN_PERSON, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE[:2]]),
    ("so_cho_dong_dau", Channel.ONLINE, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE[:3]]),
    ("ket_qua_ve_trung_tam", Channel.IN_PERSON, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE]),
    ("ket_qua_ve_cho_buu_chinh", Channel.ONLINE, ResultDelivery.POST,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE]),
    ("da_tra_tai_quay", Channel.IN_PERSON, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE, _s(Action.RETURN_AT_COUNTER, "centre.desk", 13)]),
    ("da_giao_buu_chinh", Channel.ONLINE, ResultDelivery.POST,
     [_C_RECEIVE, _C_SEND, *_J_DECIDE,
      _s(Action.HAND_TO_POST, "centre.desk", 13, note="Giao Bưu điện thành phố Huế")]),
    ("so_qua_han", Channel.IN_PERSON, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, _J_DECIDE[0]]),
    ("so_dung_xu_ly", Channel.IN_PERSON, ResultDelivery.COUNTER,
     [_C_RECEIVE, _C_SEND, _s(Action.STOP, "justice.leader", 5, reason="Có tranh chấp, chờ "
                              "kết quả giải quyết của Tòa án.")]),
    ("cong_dan_rut", Channel.ONLINE, ResultDelivery.COUNTER,
     [_C_RECEIVE, _s(Action.WITHDRAW, "app", 0.8, reason="Tôi muốn bổ sung thêm giấy tờ và "
                     "nộp lại sau.")]),
]


def _commune(u: str) -> list[tuple[str, Channel, ResultDelivery, list[_Step]]]:
    """A commune centre's own dossiers in every state (cấp xã: receive and process may be
    one step, App. step 1)."""
    # Where desk and specialist are different people the desk assigns after receiving.
    recv = _s(Action.RECEIVE, f"{u}.desk", 0.5) if u == "rural" else \
        _s(Action.RECEIVE, f"{u}.desk", 0.5, assign_to=f"@{u}.spec")
    assign = [] if u == "rural" else [_s(Action.ASSIGN, f"{u}.desk", 0.6, to=f"@{u}.spec")]
    full = [recv, *assign,
            _s(Action.SUBMIT_DRAFT, f"{u}.spec", 3, note="Hồ sơ hợp lệ, đề nghị phê duyệt"),
            _s(Action.APPROVE, f"{u}.leader", 4, note="Đồng ý"),
            _s(Action.SEAL_AND_REGISTER, f"{u}.clerk", 5)]
    return [
        ("moi_50_phut", Channel.ONLINE, ResultDelivery.COUNTER, []),
        ("qua_han_tiep_nhan", Channel.ONLINE, ResultDelivery.COUNTER, []),
        ("da_tiep_nhan", Channel.IN_PERSON, ResultDelivery.COUNTER, [recv]),
        ("dang_xu_ly", Channel.IN_PERSON, ResultDelivery.COUNTER, [recv, *assign]),
        ("cho_phe_duyet", Channel.ONLINE, ResultDelivery.COUNTER, full[:-2]),
        ("cho_dong_dau", Channel.IN_PERSON, ResultDelivery.POST, full[:-1]),
        ("yeu_cau_bo_sung", Channel.ONLINE, ResultDelivery.COUNTER, [recv, *assign, _s(
            Action.REQUEST_SUPPLEMENT, f"{u}.spec", 2, missing=[], number="01/HDHS",
            reason="Thông tin trên tờ khai chưa khớp với giấy tờ tùy thân; đề nghị kê khai "
                   "lại.")]),
        ("yeu_cau_phi", Channel.IN_PERSON, ResultDelivery.COUNTER, [recv, _s(
            Action.REQUEST_FEES, f"{u}.spec", 1, note="Nộp lệ phí theo quy định")]),
        ("da_xong_tai_quay", Channel.IN_PERSON, ResultDelivery.COUNTER, full),
        ("da_tra_tai_quay", Channel.IN_PERSON, ResultDelivery.COUNTER,
         [*full, _s(Action.RETURN_AT_COUNTER, f"{u}.desk", 6)]),
        ("qua_han_xin_loi", Channel.ONLINE, ResultDelivery.COUNTER, [recv, *assign, _s(
            Action.APOLOGISE, f"{u}.spec", 40, reason="Cần xác minh thêm thông tin tại địa "
            "phương")]),
    ]


_LINKED: list[tuple[str, Channel, ResultDelivery, list[_Step]]] = [
    # Part way: the ward registered the birth and handed over; the police hold it now.
    ("lien_thong_tai_cong_an", Channel.ONLINE, ResultDelivery.COUNTER, [
        _s(Action.RECEIVE, "ward.desk", 0.5),
        _s(Action.ASSIGN, "ward.desk", 0.6, to="@ward.spec"),
        (Action.TRANSFER, "ward.spec", 6, _to(u26.POLICE, "Đã đăng ký khai sinh; chuyển "
                                                          "đăng ký thường trú"))]),
    # All three parts done; the card is back at the ward's desk for return.
    ("lien_thong_xong", Channel.IN_PERSON, ResultDelivery.COUNTER, [
        _s(Action.RECEIVE, "ward.desk", 0.5),
        _s(Action.ASSIGN, "ward.desk", 0.6, to="@ward.spec"),
        (Action.TRANSFER, "ward.spec", 6, _to(u26.POLICE, "Chuyển đăng ký thường trú")),
        (Action.TRANSFER, "police.spec", 18, _to(u26.INSURANCE, "Chuyển cấp thẻ BHYT")),
        _s(Action.ASSIGN, "insurance.leader", 19, to="@insurance.spec"),
        _s(Action.SUBMIT_DRAFT, "insurance.spec", 24, note="Đã in thẻ"),
        _s(Action.APPROVE, "insurance.leader", 25),
        _s(Action.SEAL_AND_REGISTER, "insurance.clerk", 26)]),
]
# Province-wide: the rural commune receives a certification for the ward and routes it.
_ROUTED: list[tuple[str, Channel, ResultDelivery, list[_Step]]] = [
    ("tiep_nhan_khong_phu_thuoc_dia_gioi", Channel.IN_PERSON, ResultDelivery.COUNTER, [
        _s(Action.RECEIVE, "rural.desk", 0.3),
        (Action.TRANSFER, "rural.desk", 0.5, _to(u26.WARD, "Chuyển UBND phường Thuận Hóa"))]),
]
# Working hours between each history's start and now (others: its last step + 6).
_AGE = {"moi_truc_tuyen": 0.4, "moi_50_phut": 50 / 60, "qua_han_tiep_nhan": 3,
        "so_qua_han": 120, "qua_han_xin_loi": 44, "lien_thong_xong": 34}
_ROLE_KEY = {Role.DESK: "desk", Role.SPECIALIST: "spec", Role.LEADER: "leader",
             Role.CLERK: "clerk"}
_KEYS = {"centre": u26.CENTRE, "justice": u26.JUSTICE, "ward": u26.WARD, "rural": u26.RURAL,
         "police": u26.POLICE, "insurance": u26.INSURANCE}


@dataclass
class _Player:
    conn: Connection
    portal: Portal
    now: datetime
    units: dict[str, Unit]
    procs: list[Procedure]
    staff: dict[str, Officer] = field(default_factory=dict)
    n: int = 0

    def play_all(self) -> None:
        for key, unit in _KEYS.items():
            for role in (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK):
                username = next(o[0] for o in u26.OFFICERS
                                if o[3] == unit.agency_id and role in o[2])
                officer = records.get_officer(self.conn, username)
                assert officer is not None
                self.staff[f"{key}.{_ROLE_KEY[role]}"] = officer
        justice = [p for p in self.procs if p.agency_id == u26.JUSTICE.agency_id]
        for name, ch, delivery, steps in _CENTRE:
            self.play(u26.CENTRE, self._pick(justice, ch, name), name, ch, delivery, steps)
        for key in ("ward", "rural"):
            own = [p for p in self.procs if p.agency_id == _KEYS[key].agency_id
                   and not p.parts and p.time_limit.unit is TimeUnit.WORKING_DAYS]
            for name, ch, delivery, steps in _commune(key):
                self.play(_KEYS[key], self._pick(own, ch, name), name, ch, delivery, steps)
        linked = next(p for p in self.procs if p.code == u26.LINKED_CODE)
        for name, ch, delivery, steps in _LINKED:
            self.play(u26.WARD, linked, name, ch, delivery, steps)
        certify = next(p for p in self.procs if p.province_wide
                       and p.agency_id == u26.WARD.agency_id)
        for name, ch, delivery, steps in _ROUTED:
            self.play(u26.RURAL, certify, name, ch, delivery, steps)

    def _pick(self, procs: list[Procedure], channel: Channel, name: str) -> Procedure:
        self.n += 1
        fits = [p for p in procs if channel in p.submit_ways] or procs
        if name == "qua_han_xin_loi":  # late by now: a limit shorter than its 5.5 days
            fits = [p for p in fits if p.time_limit.amount <= 5] or fits
        elif name != "so_qua_han":
            fits = [p for p in fits if p.time_limit.amount >= 3] or fits
        return fits[self.n % len(fits)]

    def actor(self, who: str) -> Officer | Role:
        if who == "app":
            return Role.APPLICANT
        return self.staff[who]

    def play(self, unit: Unit, proc: Procedure, name: str, channel: Channel,
             delivery: ResultDelivery, steps: list[_Step]) -> None:
        from server_stub.seed import _blob, _signed, working_hours_back

        conn = self.conn
        cal = self.portal.calendar(conn)
        unit_cal = WorkCalendar.for_unit(unit, cal.overrides.values())
        span = _AGE.get(name, max([h for _a, _w, h, _p in steps], default=0) + 6)
        start = working_hours_back(unit_cal, self.now, span)
        citizens = u26.CITIZENS
        person = citizens[self.n % len(citizens)]
        if person[5] == "business" and proc.field in {"Hộ tịch", "Chứng thực",
                                                      "Lý lịch tư pháp"}:
            person = citizens[(self.n + 1) % len(citizens)]
        email, full, id_number, address, phone, kind = person
        online = channel is Channel.ONLINE
        applicant = Applicant(ApplicantKind(kind), full, id_number, address, phone, email,
                              email if online else "")
        # The receiving unit's code, for the citizen's one code throughout.
        code = leases.dossier_code(conn, unit.agency_id, start, holder="seed")
        comps = tuple(DossierComponent(
            spec.code, spec.name, spec.required,
            (_blob(conn, f"{spec.code}.pdf", f"{code} {spec.name}", start),)
            if spec.required or i % 2 == 0 else (), copies=1)
            for i, spec in enumerate(proc.components))
        draft = Dossier(
            code=code, procedure_code=proc.code, agency_id=unit.agency_id,
            procedure_agency=proc.agency_id if proc.agency_id != unit.agency_id else "",
            applicant=applicant, channel=channel, components=comps,
            fee_payment=FeePayment.ONLINE if online and proc.fee_amount else
            FeePayment.COUNTER if proc.fee_amount else FeePayment.NONE,
            result_delivery=delivery,
            postal_address=address if delivery is ResultDelivery.POST else "",
            subject=proc.name)
        submitter: Officer | Role = Role.APPLICANT if online else self.staff[
            "rural.desk" if unit is u26.RURAL else
            "ward.desk" if unit is u26.WARD else "centre.desk"]
        d, _ = records.apply_action(conn, cal, draft, Action.SUBMIT, submitter, start,
                                    account=email if online else "")
        for action, who, hours, raw in steps:
            at = unit_cal.add_working_time(start, timedelta(hours=hours))
            at = min(at, self.now - timedelta(minutes=1))
            actor = self.actor(who)
            payload = {k: (self.staff[v[1:]].username if isinstance(v, str)
                           and v.startswith("@") else v) for k, v in raw.items()}
            holder = self.units[d.holder]
            if action is Action.SUBMIT_DRAFT:
                draft = f"{code} Dự thảo kết quả: {proc.result}"  # the code heads the page
                payload["result_files"] = [to_dict(_blob(conn, f"du-thao-{code}.pdf", draft, at))]
            if action is Action.APPROVE:
                assert isinstance(actor, Officer)
                payload["result_files"] = [to_dict(_signed(conn, d.result_files[0],
                                                           actor.full_name, "LanhDao", at))]
            if action is Action.SEAL_AND_REGISTER:
                first, _last = leases.allocate(conn, leases.REGISTER, holder.agency_id,
                                               str(at.year), 1, "seed", at)
                payload["register_number"] = f"{first:02d}/{holder.register_symbol}"
                payload["result_files"] = [to_dict(_signed(conn, d.result_files[0],
                                                           holder.name, "CoQuan", at))]
            if action is Action.APOLOGISE:
                payload["apology"] = to_dict(ApologyLetter(
                    number="01/PXL", issued_at=at, reason=payload["reason"],
                    new_due_at=cal.add(self.now, 3, TimeUnit.WORKING_DAYS),
                    issued_by=actor.username if isinstance(actor, Officer) else ""))
            d, _ = records.apply_action(conn, cal, d, action, actor, at, payload)

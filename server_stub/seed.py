"""The demo seed: units, procedures, officers, applicants and dossiers in every status.

Everything is placed relative to the portal's clock ("now"), so a demo always has
online dossiers awaiting receipt (some near their 60-minute clock, some past it) and
some late dossiers. The result is deterministic given the clock. Dossiers are built by
playing their history through the shared workflow, so their logs are real.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime, timedelta
from functools import lru_cache
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
    FileRef,
    Officer,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    TimeUnit,
    Unit,
    to_dict,
)
from desk_app.textfmt import VN_TZ
from desk_app.workflow import Action
from server_stub import leases, records
from server_stub.db import add_change, dumps, get_meta, set_meta
from server_stub.passwords import hash_password
from server_stub.seed_catalogue import UNITS, procedures
from server_stub.seed_people import (
    CITIZENS,
    DEMO_OFFICERS,
    DEMO_PASSWORD,
    PROVINCE_OFFICER,
    TITLES,
)
from server_stub.state import Portal

__all__ = ["DEMO_OFFICERS", "DEMO_PASSWORD", "DEMO_SEED", "SEEDS", "officers_of",
           "seed_database"]
SEEDS = ("demo", "minimal", "hue2026")
# `desk-app demo` opens Huế as it is in 2026 (issue 12); "demo" keeps the 2016 units with
# the district for the tests and old dossiers.
DEMO_SEED = "hue2026"


def officers_of(seed: str) -> list[tuple[str, str, frozenset[Role], str]]:
    """(username, full name, roles, agency id) of a seed's officers, for the login list."""
    if seed == "hue2026":
        from server_stub.seed_units2026 import OFFICERS

        return [o[:4] for o in OFFICERS]
    return list(DEMO_OFFICERS)


class SeedError(Exception):
    """An unknown seed name, said plainly."""


@lru_cache(maxsize=1)
def _demo_hash() -> str:
    # Every demo account shares one published password; one salt for all costs nothing.
    return hash_password(DEMO_PASSWORD, salt=b"desk-app-demo-16")


def seed_database(portal: Portal, name: str) -> bool:
    """Fill an empty portal with the named seed; False if it was seeded before."""
    if name not in SEEDS:
        raise SeedError(f"Không có bộ dữ liệu mẫu “{name}” (có: {', '.join(SEEDS)}) / "
                        f"unknown seed {name!r}")
    with portal.db.write() as conn:
        if get_meta(conn, "seed"):
            return False
        now = portal.now().replace(second=0, microsecond=0)
        _calendar(conn, now)
        if name == "hue2026":
            from server_stub.seed2026 import seed

            seed(conn, portal, now, _demo_hash())
            set_meta(conn, "seed", f"{name}@{now.isoformat()}")
            return True
        for unit in UNITS:
            records.put_unit(conn, unit)
        for p in procedures():
            records.put_procedure(conn, p)
        _people(conn, portal)
        if name == "demo":
            _dossiers(conn, portal, now)
        set_meta(conn, "seed", f"{name}@{now.isoformat()}")
    return True


def _calendar(conn: Connection, now: datetime) -> None:
    """Two illustrative overrides ahead of now: a day off and its make-up Saturday."""
    day = now.date() + timedelta(days=14)
    while day.weekday() != 4:
        day += timedelta(days=1)
    saturday = day + timedelta(days=8)
    for d, kind, note in (
            (day, "day_off", "Nghỉ bù theo thông báo của Thủ tướng (dữ liệu minh hoạ)"),
            (saturday, "working_day", f"Làm bù cho ngày {day:%d/%m/%Y} (dữ liệu minh hoạ)")):
        data = {"day": d.isoformat(), "kind": kind, "note": note}
        conn.execute(text("INSERT INTO calendar_overrides (day, kind, note) VALUES (:d, :k, :n)"),
                     {"d": data["day"], "k": kind, "n": note})
        add_change(conn, None, "calendar", data["day"], data)


def _people(conn: Connection, portal: Portal) -> None:
    for username, full_name, roles, agency in [*DEMO_OFFICERS, PROVINCE_OFFICER]:
        officer = Officer(username, full_name, agency, roles, TITLES.get(username, ""))
        records.put_officer(conn, officer, _demo_hash())
    for email, name, id_number, address, phone, kind in CITIZENS:
        data = {"account": email, "full_name": name, "email": email, "phone": phone,
                "id_number": id_number, "address": address, "kind": kind}
        conn.execute(text("INSERT INTO citizens (account, password_hash, data, verified, "
                          "verify_hash, created_at) VALUES (:a, :h, :d, 1, '', :t)"),
                     {"a": email, "h": _demo_hash(), "d": dumps(data), "t": portal.epoch()})


# --- dossiers ------------------------------------------------------------------------

def _ascii(text_: str) -> str:
    """Vietnamese without marks, case kept: the standard PDF fonts have no Vietnamese."""
    text_ = text_.replace("đ", "d").replace("Đ", "D")
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text_)
                    if not unicodedata.combining(ch))
    return plain.replace("\\", "").replace("(", "[").replace(")", "]")


def _pdf(title: str) -> bytes:
    """A small valid one-page PDF that stands for a scanned page (demo data)."""
    code, _, name = title.partition(" ")
    lines = [(18, "BAN SCAN MINH HOA - DU LIEU MAU"), (12, f"Ho so: {code}")]
    words, line = _ascii(name).split(), ""
    for w in words:  # wrap the component's name at about 80 characters
        if len(line) + len(w) > 80:
            lines.append((12, line))
            line = ""
        line = f"{line} {w}".strip()
    lines.append((12, line))
    ops, y = [], 790
    for size, t in lines:
        ops.append(f"BT /F1 {size} Tf 56 {y} Td ({t}) Tj ET")
        y -= size + 10
    ops.append("0.6 G 56 60 483 650 re S")  # the frame of the "scanned" page
    stream = "\n".join(ops).encode("ascii", "replace")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                                   xref)
    return bytes(out)


def _blob(conn: Connection, filename: str, title: str, at: datetime) -> FileRef:
    data = _pdf(title)
    sha = hashlib.sha256(data).hexdigest()
    conn.execute(text("INSERT INTO blobs (sha256, size, data, created_at) VALUES (:s, :n, :d, :t) "
                      "ON CONFLICT (sha256) DO NOTHING"),
                 {"s": sha, "n": len(data), "d": data, "t": at.isoformat()})
    return FileRef(sha, filename, "application/pdf", len(data), 1)


def _signed(conn: Connection, source: FileRef, signer: str, field: str, at: datetime
            ) -> FileRef:
    from server_stub.seed_signing import sign

    data = sign(records.load_blob(conn, source.sha256) or b"", signer, field)
    sha = hashlib.sha256(data).hexdigest()
    conn.execute(text("INSERT INTO blobs (sha256, size, data, created_at) VALUES (:s, :n, :d, :t) "
                      "ON CONFLICT (sha256) DO NOTHING"),
                 {"s": sha, "n": len(data), "d": data, "t": at.isoformat()})
    return FileRef(sha, source.filename.replace("du-thao-", "ket-qua-"), "application/pdf",
                   len(data), source.pages)


def working_hours_back(cal: WorkCalendar, now: datetime, hours: float) -> datetime:
    """The latest moment `hours` of working time before `now`."""
    want = timedelta(hours=hours)
    day = now.date()
    for _ in range(400):
        sessions = cal.sessions_of(day)
        if sessions:
            start = datetime.combine(day, sessions[0].start, VN_TZ)
            have = cal.working_time_between(start, now)
            if have >= want:
                return cal.add_working_time(start, have - want)
        day -= timedelta(days=1)
    raise AssertionError("no working time within 400 days")


# A scenario: (name, channel, delivery, complete?, steps). A step is (action, actor,
# working hours after the start, payload). Actors: desk, spec, leader, clerk, app, sys.
_Step = tuple[Action, str, float, dict[str, Any]]
_FULL: list[_Step] = [
    (Action.RECEIVE, "desk", 0.5, {}),
    (Action.SUBMIT_DRAFT, "spec", 6, {"note": "Hồ sơ hợp lệ, đề nghị phê duyệt"}),
    (Action.APPROVE, "leader", 8, {"note": "Đồng ý"}),
    (Action.SEAL_AND_REGISTER, "clerk", 9, {}),
]
SCENARIOS: list[tuple[str, Channel, ResultDelivery, bool, list[_Step]]] = [
    ("moi_50_phut", Channel.ONLINE, ResultDelivery.COUNTER, True, []),
    ("moi_10_phut", Channel.ONLINE, ResultDelivery.POST, True, []),
    ("qua_han_tiep_nhan", Channel.ONLINE, ResultDelivery.COUNTER, True, []),
    ("thieu_thanh_phan", Channel.ONLINE, ResultDelivery.COUNTER, False, []),
    ("da_tiep_nhan", Channel.IN_PERSON, ResultDelivery.COUNTER, True, _FULL[:1]),
    ("dang_xu_ly", Channel.IN_PERSON, ResultDelivery.COUNTER, True, _FULL[:1]),
    ("cho_phe_duyet", Channel.ONLINE, ResultDelivery.COUNTER, True, _FULL[:2]),
    ("cho_dong_dau", Channel.IN_PERSON, ResultDelivery.POST, True, _FULL[:3]),
    ("yeu_cau_bo_sung", Channel.ONLINE, ResultDelivery.COUNTER, True,
     [_FULL[0], (Action.REQUEST_SUPPLEMENT, "spec", 4,
                 {"missing": [], "reason": "Thông tin trên tờ khai chưa khớp với giấy tờ "
                  "tùy thân; đề nghị kê khai lại.", "number": "01/HDHS"})]),
    ("yeu_cau_phi", Channel.IN_PERSON, ResultDelivery.COUNTER, True,
     [_FULL[0], (Action.REQUEST_FEES, "spec", 3, {"note": "Nộp lệ phí theo quy định"})]),
    ("tu_choi", Channel.ONLINE, ResultDelivery.COUNTER, True,
     [(Action.REFUSE, "desk", 0.5, {"reason": "Yêu cầu không thuộc thẩm quyền giải quyết "
                                    "của đơn vị; đề nghị liên hệ cơ quan có thẩm quyền."})]),
    ("cong_dan_rut", Channel.ONLINE, ResultDelivery.COUNTER, True,
     [_FULL[0], (Action.WITHDRAW, "app", 2, {"reason": "Tôi muốn bổ sung thêm giấy tờ và "
                                             "nộp lại sau."})]),
    ("dung_xu_ly", Channel.IN_PERSON, ResultDelivery.COUNTER, True,
     [_FULL[0], (Action.STOP, "leader", 5, {"reason": "Có tranh chấp, chờ kết quả giải "
                                            "quyết của Tòa án."})]),
    ("da_xong_tai_quay", Channel.IN_PERSON, ResultDelivery.COUNTER, True, _FULL),
    ("da_xong_buu_chinh", Channel.ONLINE, ResultDelivery.POST, True, _FULL),
    # The common case at the counter (Art. 13.1): sealed on time, still waiting for the
    # applicant after the appointment has passed; not late, no apology.
    ("cho_nhan_qua_hen", Channel.IN_PERSON, ResultDelivery.COUNTER, True, _FULL),
    ("da_tra_tai_quay", Channel.IN_PERSON, ResultDelivery.COUNTER, True,
     [*_FULL, (Action.RETURN_AT_COUNTER, "desk", 10, {})]),
    ("da_giao_buu_chinh", Channel.ONLINE, ResultDelivery.POST, True,
     [*_FULL, (Action.HAND_TO_POST, "desk", 10, {"note": "Giao Bưu điện huyện Phú Vang"})]),
    ("qua_han_xu_ly", Channel.IN_PERSON, ResultDelivery.COUNTER, True, _FULL[:1]),
    ("qua_han_xin_loi", Channel.ONLINE, ResultDelivery.COUNTER, True, [
        _FULL[0], (Action.APOLOGISE, "spec", 40, {"reason": "Cần xác minh thêm thông tin "
                                                   "tại địa phương"})]),
]
# Hours of working time between the start of each scenario and now.
_AGE: dict[str, float] = {"moi_50_phut": 0, "moi_10_phut": 0, "qua_han_tiep_nhan": 3,

                          "thieu_thanh_phan": 0.5, "qua_han_xu_ly": 200, "qua_han_xin_loi": 44}


def _dossiers(conn: Connection, portal: Portal, now: datetime) -> None:
    cal = portal.calendar(conn)
    people = list(CITIZENS)
    n = 0
    for unit in UNITS:
        staff = {r: next(o for o in DEMO_OFFICERS if o[3] == unit.agency_id and r in o[2])[0]
                 for r in (Role.DESK, Role.SPECIALIST, Role.LEADER, Role.CLERK)}
        actors = {k: records.get_officer(conn, staff[r]) for k, r in
                  (("desk", Role.DESK), ("spec", Role.SPECIALIST), ("leader", Role.LEADER),
                   ("clerk", Role.CLERK))}
        procs = records.procedures(conn, unit.agency_id)
        for name, channel, delivery, complete, steps in SCENARIOS:
            if name == "da_tiep_nhan" and unit.shape is not ProcessShape.DISTRICT:
                steps = [*steps, (Action.REQUEST_FEES, "spec", 1, {})]  # shapes skip "received"
            if unit.shape is ProcessShape.DEPARTMENT and channel is Channel.ONLINE and complete \
                    and not any(a is Action.RECEIVE for a, *_ in steps):
                if name == "tu_choi":
                    channel = Channel.POST  # a complete online one is received automatically
                else:
                    steps = [(Action.RECEIVE, "sys", 0, {}), *steps]
            n += 1
            proc = _pick(procs, channel, name, n)
            person = next(p for i in range(len(people))
                          if _fits(p := people[(n + i) % len(people)], proc))
            _play(conn, portal, cal, now, unit, proc, person, name, channel, delivery, complete,
                  steps, actors)


def _fits(person: tuple[str, ...], proc: Procedure) -> bool:
    """A company registers a business, not a birth."""
    return person[5] != "business" or proc.field not in _PERSONAL


_PERSONAL = {"Hộ tịch", "Lý lịch tư pháp", "Chứng thực", "Công chứng", "Quản tài viên"}


def _pick(procs: list[Procedure], channel: Channel, name: str, n: int) -> Procedure:
    fits = [p for p in procs if channel in p.submit_ways]
    if name == "cho_nhan_qua_hen":  # sealed after 9 h; the shortest limit of days after that
        return min((p for p in fits if p.time_limit.unit is TimeUnit.WORKING_DAYS
                    and p.time_limit.amount >= 2), key=lambda p: p.time_limit.amount)
    if name == "qua_han_xin_loi":  # late by now: a limit shorter than its 5.5 days
        short = [p for p in fits if p.time_limit.unit is TimeUnit.WORKING_DAYS
                 and p.time_limit.amount <= 5]
        return short[n % len(short)]
    if name not in _AGE or name == "qua_han_xu_ly":
        # Histories that span days need a limit of working days long enough to be on time.
        longer = [p for p in fits if p.time_limit.unit is TimeUnit.WORKING_DAYS
                  and p.time_limit.amount >= 3]
        fits = longer or fits
    return fits[n % len(fits)]


def _play(conn: Connection, portal: Portal, cal: WorkCalendar, now: datetime, unit: Unit,
          proc: Procedure, person: tuple[str, ...], name: str, channel: Channel,
          delivery: ResultDelivery, complete: bool, steps: list[_Step],
          actors: dict[str, Officer | None]) -> None:
    span = _AGE.get(name, max([h for _a, _w, h, _p in steps], default=0) + 6)
    if name == "cho_nhan_qua_hen":  # two working days past its appointment by now
        span = proc.time_limit.amount * 8 + 16
    if name == "moi_50_phut":
        start = now - timedelta(minutes=50)
    elif name == "moi_10_phut":
        start = now - timedelta(minutes=10)
    else:
        start = working_hours_back(cal, now, span)
    email, full, id_number, address, phone, kind = person
    online = channel is Channel.ONLINE
    applicant = Applicant(ApplicantKind(kind), full, id_number, address, phone, email,
                          email if online else "")
    code = leases.dossier_code(conn, unit.agency_id, start, holder="seed")
    comps = []
    for i, spec in enumerate(proc.components):
        present = (spec.required and (complete or i > 0)) or (not spec.required and i % 2 == 0)
        files = (_blob(conn, f"{spec.code}.pdf", f"{code} {spec.name}", start),) if present \
            else ()
        comps.append(DossierComponent(spec.code, spec.name, spec.required, files,
                                      copies=1))
    draft = Dossier(
        code=code, procedure_code=proc.code, agency_id=unit.agency_id, applicant=applicant,
        channel=channel, components=tuple(comps),
        fee_payment=FeePayment.ONLINE if online and proc.fee_amount else
        FeePayment.COUNTER if proc.fee_amount else FeePayment.NONE,
        result_delivery=delivery,
        postal_address=address if delivery is ResultDelivery.POST else "",
        subject=proc.name)
    account = email if online else ""
    submitter: Officer | Role = Role.APPLICANT if online else actors["desk"]  # type: ignore
    d, _ = records.apply_action(conn, cal, draft, Action.SUBMIT, submitter, start,
                                account=account)
    for action, who, hours, payload in steps:
        at = cal.add_working_time(start, timedelta(hours=hours))
        if at > now:
            at = now - timedelta(minutes=1)
        actor: Officer | Role
        if who == "app":
            actor = Role.APPLICANT
        elif who == "sys":
            actor = Role.SYSTEM
        elif action is Action.RECEIVE and unit.shape is ProcessShape.DEPARTMENT and online:
            actor = Role.SYSTEM  # App. step 1, cấp Sở: automatic receipt
        else:
            actor = actors[who]  # type: ignore[assignment]
        payload = dict(payload)
        if action is Action.RECEIVE and unit.shape is ProcessShape.DEPARTMENT:
            payload["assign_to"] = actors["spec"].username  # type: ignore[union-attr]
        if action is Action.RECEIVE and unit.shape is ProcessShape.DISTRICT \
                and name != "da_tiep_nhan":
            d, _ = records.apply_action(conn, cal, d, action, actor, at, payload)
            action, payload = Action.ASSIGN, {"to": actors["spec"].username}  # type: ignore
            at += timedelta(minutes=20)
        if action is Action.SUBMIT_DRAFT:
            draft = f"{code} Dự thảo kết quả: {proc.result}"  # the code heads the page
            payload["result_files"] = [to_dict(_blob(conn, f"du-thao-{code}.pdf", draft, at))]
        if action is Action.APPROVE:
            # App. step 3: the leader approves by signing the draft.
            payload["result_files"] = [to_dict(_signed(conn, d.result_files[0],
                                                       actor.full_name, "LanhDao", at))]
        if action is Action.SEAL_AND_REGISTER:
            first, _last = leases.allocate(conn, leases.REGISTER, unit.agency_id,
                                           str(at.year), 1, "seed", at)
            payload["register_number"] = f"{first:02d}/{unit.register_symbol}"
            # App. step 4: the agency's signature on the same document.
            payload["result_files"] = [to_dict(_signed(conn, d.result_files[0], unit.name,
                                                       "CoQuan", at))]
        if action is Action.APOLOGISE:
            payload["apology"] = to_dict(ApologyLetter(
                number="01/PXL", issued_at=at, reason=payload["reason"],
                new_due_at=cal.add(now, 3, TimeUnit.WORKING_DAYS),
                issued_by=actors["spec"].username))  # type: ignore[union-attr]
        if action is Action.SUPPLEMENT_RECEIVED:
            payload = {}
        d, _ = records.apply_action(conn, cal, d, action, actor, at, payload)

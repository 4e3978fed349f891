"""A hand-counted history of one district unit, built through DeskService with a clock.

The dossiers (letters used in the tests' comments), November 2026 as the period:

  A  P1 in person  rec 20/10  sealed 23/10  returned 26/10         (outside November)
  B  P1 in person  rec 28/10  due 04/11 09:00  sealed 04/11 08:00  returned 04/11
  C  P2 online     rec 29/10  due 03/11 08:30  apology 02/11 → 06/11  sealed 05/11 (late)
  D  P1 in person  rec 02/11 (digitised)  supplement 03/11 → 05/11  sealed 06/11 (early)
  E  P2 online     rec 03/11  withdrawn 04/11                  (fee paid online)
  F  P1 in person  incomplete 04/11, supplement 04/11, refused 10/11 (never received)
  G  P1 by post    rec 16/11  due 23/11  apology 23/11 → 03/12  in progress (overdue)
  H  P2 in person  rec 27/11 (digitised)  due 02/12   in progress (on time)
  I  P1 in person  rec 26/11  supplement 27/11         waiting for the applicant
  J  P2 in person  rec 10/11  due 13/11  apology 13/11 → 18/11  sealed 17/11 (late)
  K  P1 online     rec 12/11  stopped 20/11            (fee paid online)
  L  P1 in person  rec 01/12                           (after November)
  M  P1 in person  rec 28/09  due 05/10  sealed 02/12  (overdue all November)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    ComponentSpec,
    DossierComponent,
    FeePayment,
    FileRef,
    Officer,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    TimeLimit,
    TimeUnit,
    Unit,
)
from desk_app.reports.survey import SurveyAnswer, save_answer
from desk_app.services import DeskService
from desk_app.store import DOSSIER_LEASE, REGISTER_LEASE, Store
from desk_app.textfmt import VN_TZ

UNIT = Unit("000.00.22.H57", "UBND huyện Phú Vang", ProcessShape.DISTRICT,
            parent_name="UBND TỈNH THỪA THIÊN HUẾ", register_symbol="GP-UBND",
            address="Thị trấn Phú Đa, huyện Phú Vang")
OTHER_UNIT = Unit("000.00.23.H57", "UBND huyện Phú Lộc", ProcessShape.DISTRICT,
                  register_symbol="GP-UBND")
P1 = "1.001193"
P2 = "2.000777"

# Every counter of the November 2026 report, counted by hand from the table above.
NOVEMBER = {
    "carried_over": 3,  # B, C, M
    "received_online": 2,  # E, K
    "received_in_person": 4,  # D, H, I, J
    "received_post": 1,  # G
    "resolved_early": 1,  # D
    "resolved_on_time": 1,  # B
    "resolved_late": 2,  # C, J (apologies do not make them on time)
    "in_progress_on_time": 1,  # H
    "in_progress_overdue": 2,  # G, M
    "waiting_supplement": 1,  # I
    "supplement_requests": 3,  # D, F, I
    "refused": 1,  # F
    "withdrawn": 1,  # E
    "stopped": 1,  # K
    "closed_without_result": 2,  # E, K
    "returned": 4,  # B, C, D, J
    "digitised": 2,  # D, H
    "fee_dossiers": 5,  # D, E, G, J, K
    "paid_online": 2,  # E, K
    "electronic_results": 4,  # B, C, D, J: approving and sealing carry the signed result
}


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN_TZ)


def procedures(unit: Unit) -> list[Procedure]:
    comps = (ComponentSpec("tk", "Tờ khai", True), ComponentSpec("gt", "Giấy tờ kèm theo", True))
    return [
        Procedure(P1, unit.agency_id, "Đăng ký khai sinh", field="Hộ tịch", components=comps,
                  time_limit=TimeLimit(5, TimeUnit.WORKING_DAYS)),
        Procedure(P2, unit.agency_id, "Cấp giấy phép xây dựng nhà ở riêng lẻ", field="Xây dựng",
                  components=comps, time_limit=TimeLimit(3, TimeUnit.WORKING_DAYS)),
    ]


def prepare(store: Store, unit: Unit = UNIT) -> None:
    store.put_unit(unit)
    for p in procedures(unit):
        store.put_procedure(p)
    day = date(2026, 9, 1)
    while day <= date(2026, 12, 31):
        store.add_lease(DOSSIER_LEASE, unit.agency_id, day.strftime("%y%m%d"), 1, 99)
        day += timedelta(days=1)
    store.add_lease(REGISTER_LEASE, unit.agency_id, "2026", 1, 99)


class Clock:
    def __init__(self) -> None:
        self.now = vn(2026, 9, 1, 8)

    def __call__(self) -> datetime:
        return self.now


def _pdf(n: int) -> FileRef:
    return FileRef(sha256=f"{n:064x}", filename=f"{n}.pdf", size=100, pages=1)


def components(digitised: bool = False, complete: bool = True) -> tuple[DossierComponent, ...]:
    src = ComponentSource.DIGITISED if digitised else ComponentSource.UPLOADED
    return (
        DossierComponent("tk", "Tờ khai", True, (_pdf(1),), source=src),
        DossierComponent("gt", "Giấy tờ kèm theo", True, (_pdf(2),) if complete else ()),
    )


class History:
    """Build the history; `codes` maps each letter to its dossier code."""

    def __init__(self, store: Store, unit: Unit = UNIT) -> None:
        self.store = store
        self.unit = unit
        self.clock = Clock()
        a = unit.agency_id

        def svc(name: str, *roles: Role) -> DeskService:
            officer = Officer(name, name.title(), a, frozenset(roles))
            return DeskService(store, officer, clock=self.clock)

        self.desk = svc("desk.hoa", Role.DESK)
        self.spec = svc("spec.lan", Role.SPECIALIST)
        self.lead = svc("lead.minh", Role.LEADER)
        self.clerk = svc("clerk.tam", Role.CLERK)
        self.codes: dict[str, str] = {}

    def at(self, when: datetime) -> History:
        self.clock.now = when
        return self

    def intake(self, letter: str, when: datetime, proc: str, channel: Channel = Channel.IN_PERSON,
               *, receive_at: datetime | None = None, digitised: bool = False,
               complete: bool = True, fee: FeePayment = FeePayment.COUNTER) -> str:
        self.at(when)
        procedure = self.store.get_procedure(proc, self.unit.agency_id)
        post = channel is Channel.POST
        applicant = Applicant(ApplicantKind.CITIZEN, f"Công dân {letter}", f"04619000{ord(letter)}",
                              f"Thôn {letter}, xã Vinh Hà", f"09050000{ord(letter)}")
        d = self.desk.intake(
            procedure, applicant, components(digitised, complete), channel=channel,
            fee_payment=fee, receive=receive_at is None and complete,
            result_delivery=ResultDelivery.POST if post else ResultDelivery.COUNTER,
            postal_address="12 Lê Lợi, TP Huế" if post else "")
        self.codes[letter] = d.code
        if receive_at is not None:
            self.at(receive_at).desk.receive(d.code)
        return d.code

    def resolve(self, letter: str, when: datetime, sealed: FileRef | None = None) -> None:
        """Assign, draft, approve and seal within the same morning, ending at `when`."""
        code = self.codes[letter]
        self.at(when - timedelta(minutes=40)).desk.assign(code, "spec.lan")
        self.at(when - timedelta(minutes=30)).spec.submit_draft(code)
        self.at(when - timedelta(minutes=20)).lead.approve(code, _pdf(ord(letter)))
        self.at(when).clerk.seal_and_register(code, sealed or _pdf(1000 + ord(letter)),
                                              summary=f"Kết quả hồ sơ {letter}")

    def build(self) -> History:
        self.intake("M", vn(2026, 9, 28, 9), P1)
        self.intake("A", vn(2026, 10, 20, 9), P1)
        self.resolve("A", vn(2026, 10, 23, 10))
        self.at(vn(2026, 10, 26, 9)).desk.return_at_counter(self.codes["A"])
        self.intake("B", vn(2026, 10, 28, 9), P1)
        self.intake("C", vn(2026, 10, 29, 8), P2, Channel.ONLINE,
                    receive_at=vn(2026, 10, 29, 8, 30), fee=FeePayment.ONLINE)
        self.at(vn(2026, 11, 2, 10)).desk.apologise(
            self.codes["C"], "Cần xác minh thực địa", vn(2026, 11, 6, 17), number="01/PXL")
        self.intake("D", vn(2026, 11, 2, 9), P1, digitised=True)
        self.at(vn(2026, 11, 3, 10)).desk.request_supplement(
            self.codes["D"], ["gt"], "Giấy tờ kèm theo chưa có chứng thực")
        self.at(vn(2026, 11, 5, 10)).desk.supplement_received(self.codes["D"])
        self.intake("E", vn(2026, 11, 3, 8), P2, Channel.ONLINE,
                    receive_at=vn(2026, 11, 3, 8, 15), fee=FeePayment.ONLINE)
        self.resolve("B", vn(2026, 11, 4, 8))
        self.at(vn(2026, 11, 4, 8, 30)).desk.return_at_counter(self.codes["B"])
        self.at(vn(2026, 11, 4, 9)).desk.withdraw(self.codes["E"], "Công dân xin rút")
        self.intake("F", vn(2026, 11, 4, 10), P1, complete=False)
        self.at(vn(2026, 11, 4, 10, 5)).desk.request_supplement(
            self.codes["F"], ["gt"], "Thiếu giấy tờ kèm theo")
        self.resolve("C", vn(2026, 11, 5, 9))
        self.at(vn(2026, 11, 5, 10)).desk.return_at_counter(self.codes["C"])
        self.resolve("D", vn(2026, 11, 6, 11), sealed=_pdf(9))
        self.at(vn(2026, 11, 9, 8)).desk.return_at_counter(self.codes["D"])
        self.intake("J", vn(2026, 11, 10, 9), P2)
        self.at(vn(2026, 11, 10, 14)).desk.refuse(self.codes["F"], "Quá hạn bổ sung")
        self.intake("K", vn(2026, 11, 12, 8), P1, Channel.ONLINE,
                    receive_at=vn(2026, 11, 12, 8, 30), fee=FeePayment.ONLINE)
        self.at(vn(2026, 11, 13, 8)).desk.apologise(
            self.codes["J"], "Chờ ý kiến cơ quan phối hợp", vn(2026, 11, 18, 17), number="02/PXL")
        self.intake("G", vn(2026, 11, 16, 9), P1, Channel.POST)
        self.resolve("J", vn(2026, 11, 17, 10))
        self.at(vn(2026, 11, 17, 11)).desk.return_at_counter(self.codes["J"])
        self.at(vn(2026, 11, 20, 9)).lead.stop(self.codes["K"], "Không đủ điều kiện")
        self.at(vn(2026, 11, 23, 8)).desk.apologise(
            self.codes["G"], "Hồ sơ phức tạp", vn(2026, 12, 3, 17), number="03/PXL")
        self.intake("I", vn(2026, 11, 26, 9), P1, fee=FeePayment.NONE)
        self.at(vn(2026, 11, 27, 9)).desk.request_supplement(
            self.codes["I"], ["tk"], "Tờ khai ghi sai ngày sinh")
        self.intake("H", vn(2026, 11, 27, 10), P2, digitised=True, fee=FeePayment.NONE)
        self.intake("L", vn(2026, 12, 1, 9), P1)
        self.resolve("M", vn(2026, 12, 2, 10))
        self._surveys()
        return self

    def _surveys(self) -> None:
        a = self.unit.agency_id
        full = {"guidance": 5, "forms": 5, "online_convenience": 5, "handling": 5,
                "processing_time": 5, "attitude": 4, "online_result": 5, "online_payment": 5}
        save_answer(self.store, SurveyAnswer(self.codes["B"], a, "desk.hoa", vn(2026, 11, 4, 8, 35),
                                             full, client_id="s-b"))
        save_answer(self.store, SurveyAnswer(
            self.codes["J"], a, "spec.lan", vn(2026, 11, 17, 11, 5),
            {"guidance": 3, "attitude": 2}, comment="<b>Chờ lâu</b> quá", anonymous=False,
            applicant_name="Công dân J", client_id="s-j"))
        save_answer(self.store, SurveyAnswer(self.codes["A"], a, "desk.hoa", vn(2026, 10, 26, 9, 5),
                                             {"guidance": 1}, client_id="s-a"))

"""`desk-app print`: render or print a form from a terminal.

    desk-app print FORM --dossier CODE [--printer URI] [--out FILE]
    desk-app print test-page --printer URI
    desk-app print forms

FORM is a form id of the template set (receipt, supplement, refusal, apology, stop,
control, register, outgoing_register, postal_slip, postal_register) or its number
("01"). The set is the one in force on the dossier's receipt date (Circular 01/2018
before the 2025 set's first day, Circular 03/2025 from it) unless --set names one.
Data comes from the local store (--store) or a JSON file (--data) holding a dossier
as desk_app.domain.to_dict writes it, or {"dossier": …, "procedure": …, "unit": …,
"officer": …, "log_rows": […], "dossiers": […], "outgoing": […],
"people": {username: full name}}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from desk_app.domain import (
    Dossier,
    LogRow,
    Officer,
    OutgoingRegisterRow,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Unit,
    dossier_from_dict,
    log_row_from_dict,
    officer_from_dict,
    procedure_from_dict,
    unit_from_dict,
)
from desk_app.textfmt import VN_TZ

from .errors import FormDataError, PrintError
from .models import FormContext, OutgoingRegister, PostalBatch, PostalItem, RegisterEntry

RAW_SCHEMES = ("tcp", "socket", "usb", "serial", "win32")
MANY_DOSSIER_KINDS = frozenset({"register", "outgoing_register", "postal_slip", "postal_register"})


class DossierSource(Protocol):
    """What printing needs from the local store (desk_app.store.Store satisfies it)."""

    def get_dossier(self, code: str) -> Dossier | None: ...

    def get_procedure(self, code: str, agency_id: str) -> Procedure | None: ...

    def get_unit(self, agency_id: str) -> Unit | None: ...

    def log_rows(self, code: str) -> list[LogRow]: ...


@dataclass
class JsonSource:
    """A DossierSource over a JSON file, for use before (or without) the store."""

    dossiers: dict[str, Dossier] = field(default_factory=dict)
    procedures: list[Procedure] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    logs: list[LogRow] = field(default_factory=list)
    officer: Officer | None = None
    place: str = ""
    outgoing: list[OutgoingRegisterRow] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # username → full name

    @classmethod
    def load(cls, path: str | Path) -> JsonSource:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FormDataError(f"Không đọc được tệp dữ liệu {path}: {exc}") from exc
        try:
            return cls._parse(raw)
        except (KeyError, TypeError, ValueError) as exc:
            raise FormDataError(
                f"Tệp dữ liệu {path} không đúng cấu trúc hồ sơ (thiếu hoặc sai trường {exc})."
            ) from exc

    @classmethod
    def _parse(cls, raw: Any) -> JsonSource:
        if isinstance(raw, dict) and "code" in raw:
            raw = {"dossier": raw}
        src = cls()
        items = ([raw["dossier"]] if raw.get("dossier") else []) + list(raw.get("dossiers", ()))
        for d in items:
            dossier = dossier_from_dict(d)
            src.dossiers[dossier.code] = dossier
        for key, parse, target in (("procedure", procedure_from_dict, src.procedures),
                                   ("unit", unit_from_dict, src.units)):
            for item in ([raw[key]] if raw.get(key) else []) + list(raw.get(key + "s", ())):
                target.append(parse(item))
        src.logs = [log_row_from_dict(r) for r in raw.get("log_rows", ())]
        if raw.get("officer"):
            src.officer = officer_from_dict(raw["officer"])
        src.people = {str(k): str(v) for k, v in dict(raw.get("people") or {}).items()}
        for o in raw.get("officers", ()):
            src.people.setdefault(str(o["username"]), str(o["full_name"]))
        src.place = str(raw.get("place", ""))
        src.outgoing = [
            OutgoingRegisterRow(**{**r, "date": datetime.fromisoformat(r["date"])})
            for r in raw.get("outgoing", ())
        ]
        return src

    def get_dossier(self, code: str) -> Dossier | None:
        return self.dossiers.get(code)

    def get_procedure(self, code: str, agency_id: str) -> Procedure | None:
        return next((p for p in self.procedures
                     if p.code == code and p.agency_id in (agency_id, "")), None)

    def get_unit(self, agency_id: str) -> Unit | None:
        return next((u for u in self.units if u.agency_id == agency_id), None)

    def log_rows(self, code: str) -> list[LogRow]:
        return [r for r in self.logs if r.dossier_code == code]


def open_store(path: str) -> DossierSource:
    if not Path(path).is_file():
        raise FormDataError(f"Không có kho dữ liệu cục bộ tại {path}.")
    try:
        from desk_app.store import Store  # type: ignore[attr-defined]
    except ImportError as exc:
        raise PrintError(
            f"Kho dữ liệu cục bộ chưa dùng được ({exc}); hãy dùng --data TỆP.json."
        ) from exc
    return Store.open(path)  # type: ignore[no-any-return]


def place_from_unit(name: str) -> str:
    """'UBND huyện Phú Vang' → 'Phú Vang', as the date line names the place."""
    words = name.split()
    lowered = [w.lower() for w in words]
    for marker in ("huyện", "xã", "phường", "thị trấn", "quận", "tỉnh", "phố"):
        if marker in lowered:
            return " ".join(words[lowered.index(marker) + 1:]) or name
    return name


DESCRIPTION_VI = """In hoặc xuất biểu mẫu, phiếu từ dòng lệnh (print).

    desk-app print MẪU --dossier MÃ [--printer URI] [--out TỆP]
    desk-app print test-page --printer URI
    desk-app print forms

MẪU là mã mẫu trong bộ biểu mẫu (receipt, supplement, refusal, apology, control,
register, outgoing_register, postal_slip, postal_register) hoặc số mẫu ("01").
Dữ liệu lấy từ kho trên máy (--store) hoặc tệp JSON (--data) chứa hồ sơ."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk-app print", description=DESCRIPTION_VI,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("form", help="mẫu cần in (receipt, 01, …), 'test-page' hoặc 'forms'")
    p.add_argument("--dossier", action="append", default=[], help="mã hồ sơ (lặp lại được)")
    p.add_argument("--printer", help="máy in: cups://hàng-đợi, tcp://IP:9100, usb://VID:PID…")
    p.add_argument("--out", help="lưu ra tệp (PDF, hoặc byte ESC/POS khi in nhiệt)")
    p.add_argument("--data", help="tệp JSON chứa hồ sơ (desk_app.domain.to_dict)")
    p.add_argument("--store", help="đường dẫn kho dữ liệu cục bộ")
    p.add_argument("--set", dest="template_set", help="bộ biểu mẫu: tên hoặc thư mục")
    p.add_argument("--page", choices=("A4", "A5"), help="khổ giấy thay cho khổ của mẫu")
    p.add_argument("--copies", type=int, default=1, help="số bản in (mặc định 1)")
    p.add_argument("--tray", default="", help="khay giấy (CUPS InputSlot)")
    p.add_argument("--thermal", action="store_true", help="in phiếu ngắn trên máy in nhiệt")
    p.add_argument("--profile", default="", help="cấu hình python-escpos của máy in nhiệt")
    p.add_argument("--paper", type=int, default=0, choices=(0, 58, 80), help="khổ giấy nhiệt")
    p.add_argument("--vietnamese", default="", choices=("", "auto", "tcvn3", "cp1258", "image"),
                   help="cách in chữ Việt trên máy in nhiệt: bảng mã (code page) TCVN3, "
                        "CP1258, hoặc in thành ảnh (image); mặc định: theo máy in")
    p.add_argument("--officer", default=os.environ.get("DESK_OFFICER", ""), help="họ tên cán bộ")
    p.add_argument("--place", default="", help="địa danh ghi trước ngày tháng")
    p.add_argument("--batch-number", default="", help="số phiếu giao chuyển bưu chính")
    p.add_argument("--postal-unit", default="", help="đơn vị bưu chính nhận")
    p.add_argument("--unit", "--agency", dest="agency", default="", metavar="MÃ",
                   help="mã đơn vị (cơ quan), cho sổ văn bản đi")
    p.add_argument("--year", type=int, default=0, help="năm của sổ văn bản đi")
    p.add_argument("--log-dir", help="thư mục nhật ký in (mặc định: thư mục dữ liệu người dùng)")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except PrintError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        if exc.retryable:
            print("Lệnh in được giữ nguyên: chạy lại lệnh để in lại.", file=sys.stderr)
            return 1
        return 2


def _log(args: argparse.Namespace) -> Any:
    from .dispatch import PrintLog

    if args.log_dir:
        return PrintLog(args.log_dir)
    import platformdirs

    return PrintLog(platformdirs.user_data_path("desk-app") / "printing")


def _thermal_printer(args: argparse.Namespace) -> Any:
    from .thermal import ThermalPrinter
    from .transport import parse_printer_uri

    opts = parse_printer_uri(args.printer).options if args.printer else {}
    return ThermalPrinter(
        profile=args.profile or opts.get("profile", "default"),
        paper_mm=args.paper or int(opts.get("paper", "80")),
        vietnamese=args.vietnamese or opts.get("vn", "auto"),
    )


def _list_forms(args: argparse.Namespace) -> int:
    from .templates import available_sets, load_template_set

    names = [args.template_set] if args.template_set else list(available_sets())
    for name in names:
        tset = load_template_set(name)
        since = f", từ ngày {tset.valid_from:%d/%m/%Y}" if tset.valid_from else ""
        print(f"{tset.name} ({tset.legal_basis}{since})")
        for f in tset.forms.values():
            print(f"  {f.form_id:<18} {f.code:<5} {f.number}: {f.title}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from .dispatch import PrintJob, send_job
    from .templates import load_template_set, set_for
    from .transport import parse_printer_uri

    if args.form == "forms":
        return _list_forms(args)
    raw_printer = bool(args.printer) and parse_printer_uri(args.printer).scheme in RAW_SCHEMES
    if args.form == "test-page":
        if not args.printer:
            raise FormDataError("Trang in thử cần --printer.")
        from .testpage import pdf_test_page, thermal_test_page

        if raw_printer:
            data, kind = thermal_test_page(args.printer, _thermal_printer(args)), "escpos"
        else:
            data, kind = pdf_test_page(args.printer), "pdf"
        job = PrintJob(data, kind, args.printer, form="test-page", officer=args.officer)
        result = send_job(job, _log(args))
        print(f"Đã gửi trang in thử tới {result.detail}.")
        return 0

    if args.template_set:
        load_template_set(args.template_set).form(args.form)  # a wrong name fails first
    if not args.out and not args.printer:
        raise FormDataError("Chọn --printer URI để in hoặc --out TỆP để lưu.")
    if not args.data and not args.store:
        raise FormDataError("Cần --data TỆP.json hoặc --store ĐƯỜNG-DẪN để lấy hồ sơ.")
    source: DossierSource = JsonSource.load(args.data) if args.data else open_store(args.store)
    dossiers = [_dossier(source, code) for code in args.dossier]
    if not dossiers and isinstance(source, JsonSource):
        dossiers = list(source.dossiers.values())
    agency = dossiers[0].agency_id if dossiers else args.agency
    ctx = _context(args, source, agency)
    first = dossiers[0] if dossiers else None
    if args.template_set:
        tset = load_template_set(args.template_set)
        form = tset.form(args.form)
    else:
        tset = set_for(first, ctx.now)
        form = tset.form(args.form)
        if form.data in MANY_DOSSIER_KINDS:
            # Registers and postal slips list many dossiers: the day of printing decides.
            tset = set_for(None, ctx.now)
            form = tset.form(form.form_id)
    if not dossiers and form.data != "outgoing_register":
        raise FormDataError("Cần --dossier MÃ-HỒ-SƠ.")
    procedure = source.get_procedure(first.procedure_code, first.agency_id) if first else None
    thermal = form.data == "receipt" and (args.thermal or raw_printer)
    if thermal:
        from .thermal import render_receipt_escpos

        assert first is not None
        data = render_receipt_escpos(ctx, first, procedure, printer=_thermal_printer(args),
                                     tset=tset)
        kind = "escpos"
    else:
        from .pdf import render_form

        data = render_form(form.form_id, ctx, tset=tset, page=args.page,
                           **_form_data(form.data, args, source, dossiers, procedure))
        kind = "pdf"
    if args.out:
        try:
            Path(args.out).write_bytes(data)
        except OSError as exc:
            raise PrintError(f"Không ghi được tệp {args.out}: {exc.strerror}.") from exc
        print(f"Đã lưu {form.number} ({len(data)} byte) vào {args.out}.")
    if args.printer:
        job = PrintJob(data, kind, args.printer, form=form.form_id,
                       dossier_code=first.code if first else "", copies=args.copies,
                       tray=args.tray, officer=ctx.officer.full_name, title=form.title)
        result = send_job(job, _log(args))
        again = " (in lại)" if result.reprint else ""
        print(f"Đã gửi {form.number}{again} tới {result.detail}.")
    return 0


def _dossier(source: DossierSource, code: str) -> Dossier:
    dossier = source.get_dossier(code)
    if dossier is None:
        raise FormDataError(f"Không tìm thấy hồ sơ {code!r}.", field="dossier_code")
    return dossier


def _context(args: argparse.Namespace, source: DossierSource, agency: str) -> FormContext:
    unit = source.get_unit(agency) if agency else None
    if unit is None and isinstance(source, JsonSource) and source.units:
        unit = source.units[0]
    if unit is None:
        unit = Unit(agency_id=agency, name=agency or "……", shape=ProcessShape.DISTRICT)
    officer = getattr(source, "officer", None)
    if args.officer or officer is None:
        officer = Officer(username="", full_name=args.officer, unit_id=unit.agency_id,
                          roles=frozenset())
    place = args.place or getattr(source, "place", "") or place_from_unit(unit.name)
    people = dict(getattr(source, "people", {}) or {})
    if officer.username and officer.full_name:
        people.setdefault(officer.username, officer.full_name)
    return FormContext(unit=unit, officer=officer, place=place, now=datetime.now(VN_TZ),
                       help_line=unit.phone, people=people)


def _form_data(kind: str, args: argparse.Namespace, source: DossierSource,
               dossiers: list[Dossier], procedure: Procedure | None) -> dict[str, Any]:
    first = dossiers[0] if dossiers else None
    if kind in ("receipt", "supplement", "refusal", "apology"):
        return {"dossier": first, "procedure": procedure}
    if kind in ("control", "stop"):
        assert first is not None
        return {"dossier": first, "procedure": procedure, "log_rows": source.log_rows(first.code)}
    if kind == "register":
        return {"entries": [
            RegisterEntry(d, source.get_procedure(d.procedure_code, d.agency_id),
                          collected_how="Bưu chính" if d.result_delivery is ResultDelivery.POST
                          else "Trực tiếp")
            for d in dossiers
        ]}
    if kind == "outgoing_register":
        year = args.year or datetime.now(VN_TZ).year
        agency = args.agency or (first.agency_id if first else "")
        if hasattr(source, "outgoing_register") and agency:
            rows = tuple(source.outgoing_register(agency, year))
        else:
            rows = tuple(r for r in getattr(source, "outgoing", ())
                         if not args.year or r.year == year)
        # The register names the leader who signed each result (Dossier.approved_by).
        approved = {}
        for r in rows:
            d = source.get_dossier(r.dossier_code) if r.dossier_code else None
            if d is not None and d.approved_by:
                approved[r.dossier_code] = d.approved_by
        return {"outgoing": OutgoingRegister(title_period=f"Năm {year}", rows=rows,
                                             approved_by=approved)}
    items = tuple(
        PostalItem(d.code, d.applicant.name, d.postal_address or d.applicant.address,
                   d.applicant.phone, number_and_symbol=d.register_number)
        for d in dossiers
    )
    batch = PostalBatch(number=args.batch_number or "……", pickup_at=datetime.now(VN_TZ),
                        postal_unit=args.postal_unit or "……", items=items)
    return {"batch": batch}

"""Template sets: forms as versioned data (a folder with manifest.toml), not code.

A set names its legal basis and maps form ids to titles, numbers and layout blocks.
The regulation may renumber the forms (Decree 118/2025 replaces 61/2018); a new set is
a new folder, loaded by `load_template_set(path)` or found by name among the package's
own sets and the folders listed in DESK_FORM_TEMPLATES (os.pathsep-separated).
"""

from __future__ import annotations

import os
import string
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.textfmt import VN_TZ, NaiveDatetimeError, require_aware

from .errors import FormDataError, TemplateError

if TYPE_CHECKING:
    from desk_app.domain import Dossier

PACKAGE_SETS = Path(__file__).parent / "templates"
DEFAULT_SET = "tt01-2018"
MANIFEST = "manifest.toml"

BLOCK_TYPES = {
    "header", "title", "notice", "paragraph", "fields", "table", "signatures", "codes",
    "spacer", "list",
}
# What each form's data builder is called in printing/fields.py.
DATA_KINDS = {
    "receipt", "supplement", "refusal", "apology", "stop", "control", "register",
    "outgoing_register", "postal_slip", "postal_register",
}
PAGE_SIZES = {"A4", "A5"}
_formatter = string.Formatter()


@dataclass(frozen=True)
class FormTemplate:
    form_id: str
    data: str  # the data builder: one of DATA_KINDS
    code: str  # short alias typed on the command line, e.g. "01"
    number: str  # "Mẫu số 01"
    title: str
    page: str = "A4"
    orientation: str = "portrait"
    copies: tuple[str, ...] = ("",)
    required: tuple[str, ...] = ()
    blocks: tuple[dict[str, Any], ...] = ()
    basis: str = ""  # the form's own legal basis, when not the set's
    unchecked: str = ""  # what of this form was not checked against the legal text


@dataclass(frozen=True)
class TemplateSet:
    name: str
    version: str
    legal_basis: str
    short_basis: str
    path: Path
    forms: dict[str, FormTemplate]
    limits: dict[str, int] = field(default_factory=dict)
    provisional_text: str = "BẢN TẠM"
    font_size: float = 12
    thermal: dict[str, Any] = field(default_factory=dict)
    valid_from: date | None = None  # dossiers received on or after this day use the set
    unchecked: str = ""

    def form(self, name: str) -> FormTemplate:
        """A form by id ("receipt"), code ("01") or data kind; clear error otherwise."""
        key = name.strip()
        if key in self.forms:
            return self.forms[key]
        for f in self.forms.values():
            if key.lower() in (f.code.lower(), f"mau-{f.code}".lower()):
                return f
        for f in self.forms.values():
            if f.data == key:
                return f
        known = ", ".join(f"{f.form_id} ({f.code})" for f in self.forms.values())
        raise TemplateError(
            f"Bộ biểu mẫu {self.name!r} không có mẫu {name!r}. Các mẫu có: {known}."
        )

    def limit(self, key: str) -> int:
        return int(self.limits.get(key, self.limits.get("default", 1000)))


def template_dirs() -> list[Path]:
    extra = os.environ.get("DESK_FORM_TEMPLATES", "")
    dirs = [Path(p) for p in extra.split(os.pathsep) if p]
    return [*dirs, PACKAGE_SETS]


def available_sets() -> dict[str, Path]:
    """Set name → folder, for every folder holding a manifest."""
    found: dict[str, Path] = {}
    for d in template_dirs():
        if (d / MANIFEST).is_file():
            found.setdefault(d.name, d)
            continue
        if d.is_dir():
            for sub in sorted(d.iterdir()):
                if (sub / MANIFEST).is_file():
                    found.setdefault(sub.name, sub)
    return found


_cache: dict[tuple[str, float], TemplateSet] = {}


def load_template_set(where: str | os.PathLike[str] | None = None) -> TemplateSet:
    """Load a set by folder path or by name (default: the Circular 01/2018 set)."""
    path = Path(where) if where is not None else None
    if path is None or not path.exists():
        name = str(where) if where is not None else DEFAULT_SET
        sets = available_sets()
        if name not in sets:
            raise TemplateError(
                f"Không tìm thấy bộ biểu mẫu {name!r}. Các bộ có: {', '.join(sorted(sets))}."
            )
        path = sets[name]
    manifest = path / MANIFEST if path.is_dir() else path
    try:
        mtime = manifest.stat().st_mtime
    except OSError as exc:
        raise TemplateError(f"Không đọc được bộ biểu mẫu {manifest}: {exc.strerror}") from exc
    key = (str(manifest.resolve()), mtime)
    if key not in _cache:
        _cache[key] = _parse(manifest)
    return _cache[key]


def set_for_day(day: date) -> TemplateSet:
    """The set in force on `day`: the latest `valid_from` not after it.

    Sets without `valid_from` are chosen only by name. On a tie the folder found first
    wins (DESK_FORM_TEMPLATES before the package's own sets); before every set's date,
    the default set.
    """
    best: TemplateSet | None = None
    for path in available_sets().values():
        tset = load_template_set(path)
        if tset.valid_from is None or tset.valid_from > day:
            continue
        if best is None or (best.valid_from is not None and tset.valid_from > best.valid_from):
            best = tset
    return best or load_template_set(DEFAULT_SET)


def form_date(dossier: Dossier | None, now: datetime) -> date:
    """The day that decides a dossier's forms: when it was received, else submitted.

    A dossier received before a set's valid_from keeps the older set for all its
    forms, even those printed later (its receipt and its apology stay in one set);
    forms without a dossier (registers, postal slips) use the printing day.
    """
    when = None
    if dossier is not None:
        when = dossier.received_at or dossier.submitted_at
    try:
        return require_aware(when or now).astimezone(VN_TZ).date()
    except NaiveDatetimeError as exc:
        raise FormDataError(
            "Thời điểm nhận hồ sơ không có múi giờ; không chọn được bộ biểu mẫu.",
            field="received_at",
        ) from exc


def set_for(dossier: Dossier | None, now: datetime) -> TemplateSet:
    """The one place that decides which set prints a dossier's forms."""
    return set_for_day(form_date(dossier, now))


def _parse(manifest: Path) -> TemplateSet:
    try:
        raw = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"Tệp biểu mẫu {manifest} bị lỗi: {exc}") from exc
    where = str(manifest)
    meta = raw.get("set")
    if not isinstance(meta, dict):
        raise TemplateError(f"{where}: thiếu mục [set].")
    for key in ("name", "legal_basis"):
        if not meta.get(key):
            raise TemplateError(f"{where}: mục [set] thiếu {key!r} (căn cứ pháp lý, tên bộ).")
    forms_raw = raw.get("forms")
    if not isinstance(forms_raw, dict) or not forms_raw:
        raise TemplateError(f"{where}: không có biểu mẫu nào ([forms.…]).")
    forms = {fid: _parse_form(where, fid, f) for fid, f in forms_raw.items()}
    thermal = raw.get("thermal", {})
    for line in thermal.get("lines", ()):
        _check_text(where, "thermal", str(line.get("text", "")))
    return TemplateSet(
        name=str(meta["name"]),
        version=str(meta.get("version", "")),
        legal_basis=str(meta["legal_basis"]),
        short_basis=str(meta.get("short_basis", meta["legal_basis"])),
        path=manifest.parent,
        forms=forms,
        limits={k: int(v) for k, v in raw.get("limits", {}).items()},
        provisional_text=str(meta.get("provisional_text", "BẢN TẠM")),
        font_size=float(meta.get("font_size", 12)),
        thermal=thermal,
        valid_from=_valid_from(where, meta.get("valid_from")),
        unchecked=str(meta.get("unchecked", "")),
    )


def _valid_from(where: str, value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise TemplateError(
            f"{where}: valid_from {value!r} không phải ngày (YYYY-MM-DD)."
        ) from exc


def _parse_form(where: str, fid: str, f: Any) -> FormTemplate:
    if not isinstance(f, dict):
        raise TemplateError(f"{where}: mẫu {fid!r} không hợp lệ.")
    data = str(f.get("data", fid))
    if data not in DATA_KINDS:
        raise TemplateError(
            f"{where}: mẫu {fid!r} dùng dữ liệu {data!r} không có; dùng một trong "
            + ", ".join(sorted(DATA_KINDS))
        )
    page = str(f.get("page", "A4")).upper()
    if page not in PAGE_SIZES:
        raise TemplateError(f"{where}: mẫu {fid!r}: khổ giấy {page!r} không hỗ trợ (A4, A5).")
    orientation = str(f.get("orientation", "portrait"))
    if orientation not in ("portrait", "landscape"):
        raise TemplateError(f"{where}: mẫu {fid!r}: hướng giấy {orientation!r} không hợp lệ.")
    blocks = tuple(f.get("blocks", ()))
    for i, block in enumerate(blocks, 1):
        btype = block.get("type")
        if btype not in BLOCK_TYPES:
            raise TemplateError(
                f"{where}: mẫu {fid!r}, khối {i}: loại {btype!r} không có "
                f"({', '.join(sorted(BLOCK_TYPES))})."
            )
        for text in _texts(block):
            _check_text(where, fid, text)
    copies = tuple(str(c) for c in f.get("copies", ())) or ("",)
    return FormTemplate(
        form_id=fid,
        data=data,
        code=str(f.get("code", fid)),
        number=str(f.get("number", "")),
        title=str(f.get("title", fid)),
        page=page,
        orientation=orientation,
        copies=copies,
        required=tuple(str(r) for r in f.get("required", ())),
        blocks=blocks,
        basis=str(f.get("basis", "")),
        unchecked=str(f.get("unchecked", "")),
    )


def _texts(block: dict[str, Any]) -> list[str]:
    out = [str(block[k]) for k in ("text", "value", "doc_number", "date") if k in block]
    out += [str(s) for s in block.get("subtitle", ())]
    out += [str(s) for s in block.get("total_row", ())]
    for item in block.get("items", ()):
        out += [str(v) for v in item.values()]
    return out


def placeholders(text: str) -> list[str]:
    return [name for _, name, _, _ in _formatter.parse(text) if name is not None]


def _check_text(where: str, fid: str, text: str) -> None:
    try:
        names = placeholders(text)
    except ValueError as exc:
        raise TemplateError(f"{where}: mẫu {fid!r}: chuỗi {text!r} sai cú pháp: {exc}") from exc
    for name in names:
        if not name.isidentifier():
            raise TemplateError(
                f"{where}: mẫu {fid!r}: trường {{{name}}} không hợp lệ (chỉ dùng tên trường)."
            )

"""Checks every form value passes before anything is drawn or sent.

Required fields present, lengths within the template set's limits, every character
printable by the font or the printer's encoder. Messages are Vietnamese and name the
field as an officer knows it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from .errors import FormDataError
from .templates import FormTemplate, TemplateSet

FIELD_NAMES_VI: dict[str, str] = {
    "dossier_code": "mã hồ sơ",
    "applicant_name": "tên người nộp hồ sơ",
    "applicant_address": "địa chỉ người nộp",
    "applicant_phone": "số điện thoại",
    "applicant_email": "thư điện tử",
    "subject": "nội dung yêu cầu giải quyết",
    "procedure_name": "tên thủ tục",
    "received_at": "thời gian nhận hồ sơ",
    "due_at": "thời gian hẹn trả kết quả",
    "supplement_number": "số phiếu yêu cầu bổ sung",
    "supplement_reason": "lý do yêu cầu bổ sung",
    "refusal_reason": "lý do từ chối",
    "apology_number": "số phiếu xin lỗi",
    "apology_reason": "lý do chậm trả kết quả",
    "stop_reason": "lý do dừng giải quyết",
    "stopped_at": "thời điểm dừng giải quyết",
    "original_due": "ngày hẹn trả ban đầu",
    "new_due": "ngày hẹn trả mới",
    "batch_number": "số phiếu giao chuyển",
    "postal_unit": "đơn vị bưu chính",
    "pickup_at": "thời gian giao bưu chính",
    "delivery": "nơi nhận kết quả",
    "officer_name": "cán bộ tiếp nhận",
    "unit_name": "tên cơ quan",
    "now": "ngày in phiếu",
}
# Which limit of the set applies to which value.
LIMIT_KEYS = {
    "applicant_name": "applicant_name",
    "applicant_address": "applicant_address",
    "subject": "subject",
    "procedure_name": "procedure_name",
    "supplement_reason": "reason",
    "refusal_reason": "reason",
    "apology_reason": "reason",
    "stop_reason": "reason",
}


def field_name_vi(key: str) -> str:
    return FIELD_NAMES_VI.get(key, key)


def check_values(tset: TemplateSet, form: FormTemplate, values: Mapping[str, Any]) -> None:
    """Required present, lengths within limits, no control characters."""
    missing = [k for k in form.required if not values.get(k)]
    if missing:
        names = ", ".join(field_name_vi(k) for k in missing)
        raise FormDataError(
            f"Không in được {form.number}: thiếu thông tin bắt buộc ({names}).", field=missing[0]
        )
    for key, value in values.items():
        if isinstance(value, str):
            _check_length(tset, key, value)
        elif isinstance(value, list):
            for row in value:
                for cell_key, cell in row.items():
                    _check_length(tset, f"{key}.{cell_key}", cell)


def _check_length(tset: TemplateSet, key: str, value: str) -> None:
    limit = tset.limit(LIMIT_KEYS.get(key, "default"))
    if len(value) > limit:
        raise FormDataError(
            f"Trường '{field_name_vi(key)}' dài {len(value)} ký tự, quá giới hạn {limit} "
            "ký tự của biểu mẫu. Hãy rút gọn rồi in lại.",
            field=key,
        )


def unprintable(text: str, codepoints: frozenset[int] | Callable[[str], bool]) -> list[str]:
    """Characters of `text` that cannot be printed: control characters, and those the
    font (a set of code points) or the encoder (a predicate) cannot draw."""
    bad: list[str] = []
    for ch in text:
        if ch == "\n":
            continue
        ok = unicodedata.category(ch)[0] != "C"
        if ok:
            ok = ord(ch) in codepoints if isinstance(codepoints, frozenset) else codepoints(ch)
        if not ok and ch not in bad:
            bad.append(ch)
    return bad


def check_printable(
    values: Mapping[str, Any], codepoints: frozenset[int] | Callable[[str], bool]
) -> None:
    for key, value in values.items():
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, list):
            texts = [c for row in value for c in row.values() if isinstance(c, str)]
        for text in texts:
            bad = unprintable(text, codepoints)
            if bad:
                shown = " ".join(f"{c!r} (U+{ord(c):04X})" for c in bad[:5])
                raise FormDataError(
                    f"Trường '{field_name_vi(key.split('.')[0])}' có ký tự không in được: "
                    f"{shown}. Hãy xóa ký tự đó (ví dụ biểu tượng cảm xúc) rồi in lại.",
                    field=key,
                )

"""Reading request bodies strictly: size limits, JSON objects, typed fields, clear 4xx."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from fastapi import Request
from starlette.requests import ClientDisconnect

from desk_app.errors import WorkflowError
from desk_app.payloads import read_datetime
from server_stub.errors import PortalError, bad_request


def too_large(limit: int) -> PortalError:
    mib = limit / (1024 * 1024)
    return PortalError(413, "too_large",
                       f"Dữ liệu gửi lên quá lớn (tối đa {mib:g} MiB)",
                       f"The request body is too large (at most {mib:g} MiB)")


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        # The desk went away mid-request (crash, lost line): nothing was done; it resends.
        raise PortalError(400, "client_disconnected", "Kết nối bị ngắt khi đang gửi dữ liệu",
                          "The client disconnected while sending the body") from None
    return b"".join(chunks)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # Infinity, -Infinity, NaN: Python extensions


def _finite(number: str) -> float:
    value = float(number)
    if not math.isfinite(value):  # 1e999 parses to inf
        raise ValueError("a number too large for JSON")
    return value


def parse_json(raw: bytes | str) -> Any:
    """Strict JSON: no NaN/Infinity, no overflowing numbers; ValueError for anything else,
    including nesting too deep to parse (RecursionError, e.g. 100,000 `[`)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


async def json_object(request: Request, limit: int | None = None) -> dict[str, Any]:
    portal = request.app.state.portal
    raw = await read_body(request, limit or portal.max_body)
    try:
        value = parse_json(raw)
    except ValueError:  # UnicodeDecodeError is a ValueError too
        raise bad_request("bad_json", "Dữ liệu gửi lên không phải JSON hợp lệ",
                          "The body is not valid JSON") from None
    if not isinstance(value, dict):
        raise bad_request("bad_json", "Dữ liệu gửi lên phải là một đối tượng JSON",
                          "The body must be a JSON object")
    return value


def text_field(body: dict[str, Any], name: str, max_len: int = 1000, *,
               required: bool = True, strip: bool = True) -> str:
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise bad_request("bad_field", f"Thiếu hoặc sai trường “{name}” (phải là chuỗi ký tự)",
                          f"Field {name!r} is missing or not a string")
    if len(value) > max_len:
        raise bad_request("bad_field", f"Trường “{name}” dài quá {max_len} ký tự",
                          f"Field {name!r} is longer than {max_len} characters")
    return value.strip() if strip else value


def aware_datetime(value: Any, name: str) -> datetime:
    """An ISO 8601 time with its offset, by the payloads' one rule (a 4xx otherwise)."""
    try:
        return read_datetime(value, name)
    except WorkflowError as exc:
        raise bad_request("naive_datetime" if exc.code == "naive_datetime" else "bad_field",
                          exc.vi, exc.en) from None

"""Content-addressed files (scans, drafts, signed results), uploaded resumably.

A PUT carries bytes from `Upload-Offset`; with `Upload-Length` the portal knows the
whole size and keeps what arrived of an interrupted upload, so the desk resumes from
`GET …/upload`. The file becomes visible only when complete and its SHA-256 matches;
a mismatch or an oversized upload is dropped whole.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse

from server_stub import schemas
from server_stub.auth import current_citizen, current_officer, portal_of
from server_stub.bodies import too_large
from server_stub.errors import PortalError, bad_request, not_found, unauthorized
from server_stub.state import Portal

log = logging.getLogger("server_stub.blobs")
router = APIRouter()
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def any_principal(request: Request) -> str:
    """An officer or a verified applicant: blobs serve both sides."""
    try:
        return current_officer(request).username
    except PortalError:
        pass
    try:
        return "citizen:" + current_citizen(request).account
    except PortalError:
        raise unauthorized() from None


Who = Annotated[str, Depends(any_principal)]


def _sha(sha256: str) -> str:
    if not SHA_RE.match(sha256):
        raise bad_request("bad_hash", "Mã băm SHA-256 phải gồm 64 chữ số hệ 16 viết thường",
                          "The SHA-256 must be 64 lower-case hex digits")
    return sha256


def _int_header(request: Request, name: str) -> int | None:
    value = request.headers.get(name)
    if value is None:
        return None
    # ASCII digits only: int() also takes "²" or "٢", which str.isdigit() lets through.
    if not (value.isascii() and value.isdigit()) or len(value) > 15:
        raise bad_request("bad_header", f"Tiêu đề {name} phải là số nguyên không âm",
                          f"Header {name} must be a non-negative integer")
    return int(value)


def _state(portal: Portal, sha: str) -> tuple[bool, int, int | None]:
    """(complete, bytes held, total) of a blob."""
    with portal.db.read() as conn:
        row = conn.execute(text("SELECT size FROM blobs WHERE sha256 = :s"), {"s": sha}).first()
        if row is not None:
            return True, int(row[0]), int(row[0])
        up = conn.execute(text("SELECT received, total FROM blob_uploads WHERE sha256 = :s"),
                          {"s": sha}).first()
    if up is None:
        return False, 0, None
    return False, int(up[0]), (int(up[1]) if up[1] is not None else None)


def _store_part(portal: Portal, sha: str, pos: int, data: bytes, total: int | None) -> None:
    with portal.db.write() as conn:
        conn.execute(text("INSERT INTO blob_parts (sha256, pos, data) VALUES (:s, :p, :d)"),
                     {"s": sha, "p": pos, "d": data})
        conn.execute(
            text("INSERT INTO blob_uploads (sha256, total, received, updated_at) "
                 "VALUES (:s, :t, :r, :u) ON CONFLICT (sha256) DO UPDATE SET "
                 "received = excluded.received, updated_at = excluded.updated_at, "
                 "total = COALESCE(excluded.total, blob_uploads.total)"),
            {"s": sha, "t": total, "r": pos + len(data), "u": portal.epoch()})


def drop_abandoned(conn: Connection, portal: Portal, idle_days: int = 7) -> int:
    """Partial uploads nobody resumed for a week are dropped (their desk starts anew)."""
    cutoff = portal.epoch() - idle_days * 86400
    stale = [r[0] for r in conn.execute(
        text("SELECT sha256 FROM blob_uploads WHERE updated_at < :c"), {"c": cutoff})]
    for sha in stale:
        conn.execute(text("DELETE FROM blob_parts WHERE sha256 = :s"), {"s": sha})
        conn.execute(text("DELETE FROM blob_uploads WHERE sha256 = :s"), {"s": sha})
    return len(stale)


def _drop(portal: Portal, sha: str) -> None:
    with portal.db.write() as conn:
        conn.execute(text("DELETE FROM blob_parts WHERE sha256 = :s"), {"s": sha})
        conn.execute(text("DELETE FROM blob_uploads WHERE sha256 = :s"), {"s": sha})


def _finish(portal: Portal, sha: str) -> int:
    """Assemble the parts, check the hash, publish the blob; its size."""
    with portal.db.write() as conn:
        parts = conn.execute(text("SELECT data FROM blob_parts WHERE sha256 = :s ORDER BY pos"),
                             {"s": sha}).all()
        data = b"".join(bytes(p[0]) for p in parts)
        conn.execute(text("DELETE FROM blob_parts WHERE sha256 = :s"), {"s": sha})
        conn.execute(text("DELETE FROM blob_uploads WHERE sha256 = :s"), {"s": sha})
        if hashlib.sha256(data).hexdigest() != sha:
            return -1
        conn.execute(text("INSERT INTO blobs (sha256, size, data, created_at) "
                          "VALUES (:s, :n, :d, :t) ON CONFLICT (sha256) DO NOTHING"),
                     {"s": sha, "n": len(data), "d": data, "t": portal.now().isoformat()})
    return len(data)


@router.head("/blobs/{sha256}")
def head_blob(request: Request, sha256: str, _who: Who) -> Response:
    complete, size, _ = _state(portal_of(request), _sha(sha256))
    if not complete:
        return Response(status_code=404)
    return Response(status_code=200, headers={"Content-Length": str(size)})


@router.get("/blobs/{sha256}/upload")
def upload_state(request: Request, sha256: str,
                 _who: Who) -> dict[str, Any]:
    complete, received, total = _state(portal_of(request), _sha(sha256))
    return {"received": received, "total": total, "complete": complete}


@router.get("/blobs/{sha256}")
def get_blob(request: Request, sha256: str, _who: Who) -> Response:
    portal = portal_of(request)
    with portal.db.read() as conn:
        row = conn.execute(text("SELECT data FROM blobs WHERE sha256 = :s"),
                           {"s": _sha(sha256)}).first()
    if row is None:
        raise not_found("Không có tệp này trên Cổng", "No such file on the portal")
    return Response(bytes(row[0]), media_type="application/octet-stream")


@router.put("/blobs/{sha256}", openapi_extra=schemas.BLOB)
async def put_blob(request: Request, sha256: str,
                   _who: Who) -> Response:
    portal = portal_of(request)
    sha = _sha(sha256)
    offset = _int_header(request, "upload-offset") or 0
    total = _int_header(request, "upload-length")
    if total is not None and total > portal.max_blob:
        raise too_large(portal.max_blob)
    complete, held, known_total = await run_in_threadpool(_state, portal, sha)
    if complete:
        return JSONResponse({"sha256": sha, "size": held}, status_code=201)
    total = total if total is not None else known_total
    if offset != held:
        raise PortalError(409, "offset_mismatch",
                          f"Cổng đã nhận {held} byte; hãy gửi tiếp từ vị trí đó",
                          f"The portal holds {held} bytes; resume from there",
                          {"Upload-Offset": str(held)})
    pos, buffer = held, bytearray()
    try:
        async for chunk in request.stream():
            buffer += chunk
            if total is not None and pos + len(buffer) > total:
                await run_in_threadpool(_drop, portal, sha)
                raise bad_request("too_long", "Tệp gửi lên dài hơn Upload-Length; không lưu",
                                  "More bytes than Upload-Length; nothing was stored")
            if pos + len(buffer) > portal.max_blob:
                await run_in_threadpool(_drop, portal, sha)
                raise too_large(portal.max_blob)
            if len(buffer) >= portal.blob_part:
                await run_in_threadpool(_store_part, portal, sha, pos, bytes(buffer), total)
                pos += len(buffer)
                buffer.clear()
    except ClientDisconnect:
        # Keep what arrived: the desk resumes from here (GET …/upload).
        if buffer:
            await run_in_threadpool(_store_part, portal, sha, pos, bytes(buffer), total)
        log.info("upload of %s interrupted at %d bytes", sha[:12], pos + len(buffer))
        return Response(status_code=400)
    if buffer:
        await run_in_threadpool(_store_part, portal, sha, pos, bytes(buffer), total)
        pos += len(buffer)
    if total is not None and pos < total:
        return JSONResponse({"received": pos, "total": total}, status_code=202)
    size = await run_in_threadpool(_finish, portal, sha)
    if size < 0:
        raise bad_request("hash_mismatch",
                          "Nội dung tệp không khớp mã băm SHA-256; tệp không được lưu",
                          "The content does not match its SHA-256; nothing was stored")
    return JSONResponse({"sha256": sha, "size": size}, status_code=201)

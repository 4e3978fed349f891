"""Content-addressed files (scans, drafts, signed results), uploaded resumably.

A PUT carries bytes from `Upload-Offset`; with `Upload-Length` the portal knows the
whole size and keeps what arrived of an interrupted upload, so the desk resumes from
`GET …/upload`. The file becomes visible only when complete and its SHA-256 matches;
a mismatch or an oversized upload is dropped whole.

Who may read a file (Art. 14: citizens' papers are not for everyone signed in):
the officers of a unit that holds or held a dossier citing it, that dossier's applicant,
and its uploader until some dossier cites it. Everyone else gets the same 404 as for a
file that does not exist, so that existence does not leak. A partial upload belongs to
its uploader (another uploader of the same bytes has a separate one), within a quota,
and is dropped after a week without progress.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Connection, text
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse

from server_stub import records, schemas
from server_stub.auth import current_citizen, current_officer, portal_of
from server_stub.bodies import too_large
from server_stub.db import get_meta, loads, set_meta
from server_stub.errors import PortalError, bad_request, not_found, unauthorized
from server_stub.state import Portal

log = logging.getLogger("server_stub.blobs")
router = APIRouter()
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_PARTIALS = 50  # unfinished uploads one uploader may hold at a time
PARTIAL_QUOTA_BLOBS = 4  # … and their bytes, in units of the largest file allowed
IDLE_DAYS = 7


@dataclass(frozen=True)
class Principal:
    """An officer (unit set) or a verified applicant (account set)."""

    key: str  # the officer's username, or "citizen:" + account
    unit: str | None = None
    account: str | None = None

    @property
    def grant(self) -> str:
        return f"unit:{self.unit}" if self.unit else f"citizen:{self.account}"


def any_principal(request: Request) -> Principal:
    """An officer or a verified applicant: blobs serve both sides."""
    try:
        officer = current_officer(request)
        return Principal(officer.username, unit=officer.unit_id)
    except PortalError:
        pass
    try:
        citizen = current_citizen(request)
        return Principal("citizen:" + citizen.account, account=citizen.account)
    except PortalError:
        raise unauthorized() from None


Who = Annotated[Principal, Depends(any_principal)]
# Declared in /openapi.json; the handlers still check it themselves (_sha) for one message.
Sha = Annotated[str, Path(pattern=SHA_RE.pattern, description="SHA-256, 64 hex digits")]


def _sha(sha256: str) -> str:
    if not SHA_RE.match(sha256):
        raise bad_request("bad_hash", "Mã băm SHA-256 phải gồm 64 chữ số hệ 16 viết thường",
                          "The SHA-256 must be 64 lower-case hex digits")
    return sha256


def _absent() -> PortalError:
    return not_found("Không có tệp này trên Cổng", "No such file on the portal")


def _int_header(request: Request, name: str) -> int | None:
    value = request.headers.get(name)
    if value is None:
        return None
    # ASCII digits only: int() also takes "²" or "٢", which str.isdigit() lets through.
    if not (value.isascii() and value.isdigit()) or len(value) > 15:
        raise bad_request("bad_header", f"Tiêu đề {name} phải là số nguyên không âm",
                          f"Header {name} must be a non-negative integer")
    return int(value)


# --- who may read ---------------------------------------------------------------------


def _cited(conn: Connection, sql: str, params: dict[str, Any]) -> bool:
    return conn.execute(text(sql), params).first() is not None


def index_unit(conn: Connection, unit: str) -> None:
    """Grant the unit every file cited by the dossier versions its feed carried since the
    last call (the feed has every version of every dossier the unit holds or held), so a
    check is one indexed lookup. Call inside a write transaction."""
    key = f"blob_grants_seq:{unit}"
    last = int(get_meta(conn, key) or 0)
    while True:
        rows = conn.execute(text(
            "SELECT seq, data FROM changes WHERE agency_id = :a AND seq > :s "
            "AND kind = 'dossier' ORDER BY seq LIMIT 2000"), {"a": unit, "s": last}).all()
        if not rows:
            break
        shas = {sha for _seq, data in rows for sha in records.file_shas(loads(data))}
        if shas:
            conn.execute(text("INSERT INTO blob_grants (sha256, principal) VALUES (:s, :p) "
                              "ON CONFLICT (sha256, principal) DO NOTHING"),
                         [{"s": sha, "p": f"unit:{unit}"} for sha in sorted(shas)])
        last = int(rows[-1][0])
        set_meta(conn, key, str(last))


def may_read(conn: Connection, who: Principal, sha: str) -> tuple[bool, bool]:
    """(may read, newly found through a dossier: worth remembering as a grant). For an
    officer, call `index_unit` first (the unit's grants are read from the index)."""
    if _cited(conn, "SELECT 1 FROM blob_grants WHERE sha256 = :s AND principal = :p",
              {"s": sha, "p": who.grant}):
        return True, False
    pattern = f"%{sha}%"
    if who.account and _cited(
            conn, "SELECT 1 FROM dossiers WHERE account = :a AND data LIKE :p",
            {"a": who.account, "p": pattern}):
        return True, True
    mine = _cited(conn, "SELECT 1 FROM blob_owners WHERE sha256 = :s AND principal = :p",
                  {"s": sha, "p": who.key})
    if mine and not _cited(conn, "SELECT 1 FROM dossiers WHERE data LIKE :p",
                           {"p": pattern}):
        return True, False  # the uploader's own file, not yet in any dossier
    return False, False


def not_citable(conn: Connection, who: Principal, shas: list[str]) -> list[str]:
    """The files `who` may not cite in a dossier: citing grants reading, so only a file
    one may read already (or just uploaded) may be cited. Callers answer these as
    "not uploaded yet", the same as for absent files. Call inside a write transaction."""
    if not shas:
        return []  # nothing cited: no need to bring the unit's index up to date
    if who.unit:
        index_unit(conn, who.unit)
    return [sha for sha in dict.fromkeys(shas) if not may_read(conn, who, sha)[0]]


def readable_size(portal: Portal, who: Principal, sha: str) -> int | None:
    """The size of a complete file `who` may read; None for "absent or not yours"."""
    with portal.db.read() as conn:
        row = conn.execute(text("SELECT size FROM blobs WHERE sha256 = :s"), {"s": sha}).first()
        if row is None:
            return None
        allowed, remember = may_read(conn, who, sha)
    if not allowed and who.unit:  # perhaps cited by a dossier version not indexed yet
        with portal.db.write() as conn:
            index_unit(conn, who.unit)
            allowed, remember = may_read(conn, who, sha)
    if not allowed:
        return None
    if remember:  # the applicant's dossier once is enough for good: skip the search
        with portal.db.write() as conn:
            conn.execute(text("INSERT INTO blob_grants (sha256, principal) VALUES (:s, :p) "
                              "ON CONFLICT (sha256, principal) DO NOTHING"),
                         {"s": sha, "p": who.grant})
    return int(row[0])


# --- partial uploads ------------------------------------------------------------------


def _partial(conn: Connection, owner: str, sha: str) -> tuple[int, int | None] | None:
    row = conn.execute(text("SELECT received, total FROM blob_partials WHERE owner = :o "
                            "AND sha256 = :s"), {"o": owner, "s": sha}).first()
    return None if row is None else (int(row[0]), int(row[1]) if row[1] is not None else None)


def _upload_state(portal: Portal, who: Principal, sha: str) -> tuple[bool, int, int | None]:
    """(complete, bytes held, total) as `who` sees it."""
    size = readable_size(portal, who, sha)
    if size is not None:
        return True, size, size
    with portal.db.read() as conn:
        partial = _partial(conn, who.key, sha)
    return (False, 0, None) if partial is None else (False, *partial)


def _check_quota(conn: Connection, portal: Portal, owner: str, total: int | None) -> None:
    count, held = conn.execute(
        text("SELECT COUNT(*), COALESCE(SUM(COALESCE(total, received)), 0) FROM blob_partials "
             "WHERE owner = :o"), {"o": owner}).one()
    if int(count) >= MAX_PARTIALS or \
            int(held) + (total or 0) > PARTIAL_QUOTA_BLOBS * portal.max_blob:
        raise PortalError(429, "upload_quota",
                          "Quá nhiều tệp đang tải lên dở; hãy hoàn tất các tệp đang tải trước",
                          "Too many unfinished uploads; finish those first",
                          {"Retry-After": "60"})


def _store_part(portal: Portal, owner: str, sha: str, pos: int, data: bytes,
                total: int | None) -> None:
    """Append bytes at `pos` of `owner`'s upload; 409 when another request of the same
    uploader moved it meanwhile (parallel PUTs: the later one sees the earlier's row)."""
    now = portal.epoch()
    with portal.db.write() as conn:
        partial = _partial(conn, owner, sha)
        held = partial[0] if partial else 0
        if held != pos:
            raise _offset_mismatch(held)
        if partial is None:
            drop_abandoned(conn, portal)
            _check_quota(conn, portal, owner, total)
        conn.execute(text("INSERT INTO blob_chunks (owner, sha256, pos, data) "
                          "VALUES (:o, :s, :p, :d)"), {"o": owner, "s": sha, "p": pos, "d": data})
        conn.execute(
            text("INSERT INTO blob_partials (owner, sha256, total, received, updated_at) "
                 "VALUES (:o, :s, :t, :r, :u) ON CONFLICT (owner, sha256) DO UPDATE SET "
                 "received = excluded.received, updated_at = excluded.updated_at, "
                 "total = COALESCE(excluded.total, blob_partials.total)"),
            {"o": owner, "s": sha, "t": total, "r": pos + len(data), "u": now})


def _offset_mismatch(held: int) -> PortalError:
    return PortalError(409, "offset_mismatch",
                       f"Cổng đã nhận {held} byte; hãy gửi tiếp từ vị trí đó",
                       f"The portal holds {held} bytes; resume from there",
                       {"Upload-Offset": str(held)})


def _delete_partial(conn: Connection, owner: str, sha: str) -> None:
    conn.execute(text("DELETE FROM blob_chunks WHERE owner = :o AND sha256 = :s"),
                 {"o": owner, "s": sha})
    conn.execute(text("DELETE FROM blob_partials WHERE owner = :o AND sha256 = :s"),
                 {"o": owner, "s": sha})


def drop_abandoned(conn: Connection, portal: Portal, idle_days: int = IDLE_DAYS) -> int:
    """Partial uploads nobody resumed for a week are dropped (their desk starts anew)."""
    cutoff = portal.epoch() - idle_days * 86400
    stale = conn.execute(text("SELECT owner, sha256 FROM blob_partials WHERE updated_at < :c"),
                         {"c": cutoff}).all()
    for owner, sha in stale:
        _delete_partial(conn, owner, sha)
    return len(stale)


def _drop(portal: Portal, owner: str, sha: str) -> None:
    with portal.db.write() as conn:
        _delete_partial(conn, owner, sha)


def _finish(portal: Portal, owner: str, sha: str) -> int:
    """Assemble the parts, check the hash, publish the blob; its size (-1: mismatch)."""
    with portal.db.write() as conn:
        parts = conn.execute(text("SELECT data FROM blob_chunks WHERE owner = :o AND "
                                  "sha256 = :s ORDER BY pos"), {"o": owner, "s": sha}).all()
        data = b"".join(bytes(p[0]) for p in parts)
        _delete_partial(conn, owner, sha)
        if hashlib.sha256(data).hexdigest() != sha:
            return -1
        conn.execute(text("INSERT INTO blobs (sha256, size, data, created_at) "
                          "VALUES (:s, :n, :d, :t) ON CONFLICT (sha256) DO NOTHING"),
                     {"s": sha, "n": len(data), "d": data, "t": portal.now().isoformat()})
        # Whoever proves they hold the bytes may read them (until a dossier cites them).
        conn.execute(text("INSERT INTO blob_owners (sha256, principal) VALUES (:s, :p) "
                          "ON CONFLICT (sha256, principal) DO NOTHING"), {"s": sha, "p": owner})
    return len(data)


# --- endpoints ------------------------------------------------------------------------


@router.head("/blobs/{sha256}")
def head_blob(request: Request, sha256: Sha, who: Who) -> Response:
    size = readable_size(portal_of(request), who, _sha(sha256))
    if size is None:
        return Response(status_code=404)
    return Response(status_code=200, headers={"Content-Length": str(size)})


@router.get("/blobs/{sha256}/upload")
def upload_state(request: Request, sha256: Sha, who: Who) -> dict[str, Any]:
    complete, received, total = _upload_state(portal_of(request), who, _sha(sha256))
    return {"received": received, "total": total, "complete": complete}


@router.get("/blobs/{sha256}")
def get_blob(request: Request, sha256: Sha, who: Who) -> Response:
    portal = portal_of(request)
    sha = _sha(sha256)
    if readable_size(portal, who, sha) is None:
        raise _absent()
    with portal.db.read() as conn:
        row = conn.execute(text("SELECT data FROM blobs WHERE sha256 = :s"), {"s": sha}).first()
    if row is None:
        raise _absent()
    return Response(bytes(row[0]), media_type="application/octet-stream")


@router.put("/blobs/{sha256}", openapi_extra=schemas.BLOB)
async def put_blob(request: Request, sha256: Sha, who: Who) -> Response:
    portal = portal_of(request)
    sha = _sha(sha256)
    owner = who.key
    offset = _int_header(request, "upload-offset") or 0
    total = _int_header(request, "upload-length")
    if total is not None and total > portal.max_blob:
        raise too_large(portal.max_blob)
    # "Complete" only for a file the caller may read; anyone else uploads the bytes
    # themselves (proving they hold them), so a PUT does not reveal what exists.
    complete, held, known_total = await run_in_threadpool(_upload_state, portal, who, sha)
    if complete:
        return JSONResponse({"sha256": sha, "size": held}, status_code=201)
    total = total if total is not None else known_total
    if offset != held:
        raise _offset_mismatch(held)
    pos, buffer = held, bytearray()
    try:
        async for chunk in request.stream():
            buffer += chunk
            if total is not None and pos + len(buffer) > total:
                await run_in_threadpool(_drop, portal, owner, sha)
                raise bad_request("too_long", "Tệp gửi lên dài hơn Upload-Length; không lưu",
                                  "More bytes than Upload-Length; nothing was stored")
            if pos + len(buffer) > portal.max_blob:
                await run_in_threadpool(_drop, portal, owner, sha)
                raise too_large(portal.max_blob)
            if len(buffer) >= portal.blob_part:
                await run_in_threadpool(_store_part, portal, owner, sha, pos, bytes(buffer),
                                        total)
                pos += len(buffer)
                buffer.clear()
    except ClientDisconnect:
        # Keep what arrived: the desk resumes from here (GET …/upload).
        if buffer:
            await run_in_threadpool(_store_part, portal, owner, sha, pos, bytes(buffer), total)
        log.info("upload of %s interrupted at %d bytes", sha[:12], pos + len(buffer))
        return Response(status_code=400)
    if buffer:
        await run_in_threadpool(_store_part, portal, owner, sha, pos, bytes(buffer), total)
        pos += len(buffer)
    if total is not None and pos < total:
        return JSONResponse({"received": pos, "total": total}, status_code=202)
    size = await run_in_threadpool(_finish, portal, owner, sha)
    if size < 0:
        raise bad_request("hash_mismatch",
                          "Nội dung tệp không khớp mã băm SHA-256; tệp không được lưu",
                          "The content does not match its SHA-256; nothing was stored")
    return JSONResponse({"sha256": sha, "size": size}, status_code=201)

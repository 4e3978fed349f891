"""The wire protocol between a desk and the central portal (version 1).

Both `server_stub` (the portal) and `sync` (the desk's client) speak exactly this;
a real portal adapter must too. JSON bodies, UTF-8; datetimes in ISO 8601 with
their offset; domain records as `desk_app.domain.to_dict` writes them. Every
officer request carries `Authorization: Bearer <access token>`.

Officers
    POST {API}/auth/token      {"username", "password"}
        → 200 {"access_token", "token_type": "bearer", "expires_in": seconds,
               "refresh_token", "officer": Officer, "unit": Unit}
        → 401 {"detail": {"code", "vi", "en"}}; repeated failures are slowed down (429).
    POST {API}/auth/refresh    {"refresh_token"} → 200 as above (a new refresh token)
        A refresh token is good once; using a rotated one again ends the whole sign-in
        (every token issued since that login) → 401.
    POST {API}/auth/logout     (bearer: the access token) → 200 {"ok": true}
        Ends the sign-in: its access tokens and all refresh tokens of its family.

Change feed: one ordered feed of what the officer's unit must mirror
    GET {API}/changes?since=<cursor>&limit=<n>
        → 200 {"changes": [Change…], "next": <cursor>, "more": bool}
    Change = {"cursor": int, "kind": "unit" | "procedure" | "dossier" | "calendar"
              | "survey", "key": str, "data": {...}}
      unit:      Unit
      procedure: Procedure
      dossier:   {"dossier": Dossier, "log": [LogRow…]}   (the portal's whole record)
      calendar:  {"day": "YYYY-MM-DD", "kind": "day_off" | "working_day", "note"}
    A cursor is opaque to the desk (an integer here); `since` omitted or 0 = from start.

Commands: officers' actions, judged with `desk_app.workflow`
    POST {API}/commands        {"commands": [Command…]}        (at most 500)
    Command = {"client_id": uuid, "dossier_code", "action": workflow.Action value,
               "base_version": int, "acted_at": datetime, "payload": {...}}
      For "submit", payload = {"dossier": Dossier} (a dossier taken in at a desk).
    → 200 {"results": [Result…]} in the same order
    Result = {"client_id", "outcome": "applied" | "duplicate" | "conflict" | "rejected",
              "version": int | null, "dossier": {"dossier", "log"} | null,
              "code": str | null, "vi": str | null, "en": str | null}
      applied:   the new version and the portal's record after it
      duplicate: this client_id was applied before; the same answer as the first time
      conflict:  base_version is not the portal's version; the current record
      rejected:  the workflow or the officer's rights refuse it; code and reasons

Blobs: files addressed by SHA-256, uploaded before the commands that cite them
    HEAD {API}/blobs/{sha256}  → 200 (have it) | 404
    GET  {API}/blobs/{sha256}/upload → 200 {"received": bytes held of a partial upload}
    PUT  {API}/blobs/{sha256}  body = bytes from offset `Upload-Offset` (header, default 0)
        → 201 {"sha256", "size"} when complete and the hash matches; 202 {"received"}
          when partial (header `Upload-Length` gives the total); 400 hash_mismatch;
          409 offset_mismatch (the right offset in the `Upload-Offset` header);
          413 too large
    GET  {API}/blobs/{sha256}  → the bytes

Leases: blocks of numbers handed to a desk ahead of time
    POST {API}/leases {"kind": "dossier" | "register", "period": "yyMMdd" | "yyyy",
                       "count": int}
        → 200 {"kind", "agency_id", "period", "first", "last"}

Errors are JSON {"detail": {"code", "vi", "en"}} with a 4xx status; never a 500 for
bad input.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

API_PREFIX = "/api/v1"
PROTOCOL_VERSION = 1
MAX_COMMANDS_PER_BATCH = 500

Outcome = Literal["applied", "duplicate", "conflict", "rejected"]
ChangeKind = Literal["unit", "procedure", "dossier", "calendar", "survey"]


class Change(TypedDict):
    cursor: int
    kind: ChangeKind
    key: str
    data: dict[str, Any]


class ChangePage(TypedDict):
    changes: list[Change]
    next: int
    more: bool


class Command(TypedDict):
    client_id: str
    dossier_code: str
    action: str
    base_version: int
    acted_at: str
    payload: dict[str, Any]


class CommandResult(TypedDict, total=False):
    client_id: str
    outcome: Outcome
    version: int | None
    dossier: dict[str, Any] | None
    code: str | None
    vi: str | None
    en: str | None


class Lease(TypedDict):
    kind: Literal["dossier", "register"]
    agency_id: str
    period: str
    first: int
    last: int

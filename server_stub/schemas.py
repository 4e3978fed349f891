"""Request bodies as JSON Schema for /openapi.json (the handlers read bodies strictly
themselves, so that bad input gets the portal's own Vietnamese 4xx answers)."""

from __future__ import annotations

from typing import Any

_S, _I = {"type": "string"}, {"type": "integer"}
_FILE = {"type": "object", "required": ["sha256", "filename"], "properties": {
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "filename": _S,
    "media_type": _S, "size": _I, "pages": _I}}


def body(properties: dict[str, Any], required: list[str], example: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
    if example:
        schema["example"] = example
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema}}}}


TOKEN = body({"username": _S, "password": _S}, ["username", "password"],
             {"username": "motcua.phuvang", "password": "demo"})
REFRESH = body({"refresh_token": _S}, ["refresh_token"])
COMMANDS = body({"commands": {"type": "array", "maxItems": 500, "items": {
    "type": "object",
    "required": ["client_id", "dossier_code", "action", "base_version", "acted_at"],
    "properties": {"client_id": _S, "dossier_code": _S, "action": _S, "base_version": _I,
                   "acted_at": {"type": "string", "format": "date-time"},
                   "payload": {"type": "object"}}}}}, ["commands"],
    {"commands": [{"client_id": "6f1c…", "dossier_code": "000.00.22.H57-261130-0001",
                   "action": "receive", "base_version": 1,
                   "acted_at": "2026-11-30T09:05:00+07:00", "payload": {}}]})
LEASE = body({"kind": {"enum": ["dossier", "register"]}, "period": _S,
              "count": {"type": "integer", "minimum": 1, "maximum": 500}}, ["kind", "period"],
             {"kind": "dossier", "period": "261130", "count": 50})
CALENDAR = body({"day": {"type": "string", "format": "date"},
                 "kind": {"enum": ["day_off", "working_day"]}, "note": _S}, ["day", "kind"])
ACCOUNT = body({"email": _S, "full_name": _S, "password": _S, "phone": _S, "id_number": _S,
                "address": _S, "kind": {"enum": ["citizen", "organisation", "business"]}},
               ["email", "full_name"])
VERIFY = body({"account": _S, "code": _S}, ["account", "code"])
CITIZEN_TOKEN = body({"account": _S, "password": _S}, ["account", "password"])
SUBMIT = body({"agency_id": _S, "procedure_code": _S, "subject": _S,
               "components": {"type": "array", "items": {"type": "object", "properties": {
                   "code": _S, "files": {"type": "array", "items": _FILE}}}},
               "fee_payment": {"enum": ["none", "counter", "online"]},
               "result_delivery": {"enum": ["counter", "post"]}, "postal_address": _S},
              ["agency_id", "procedure_code"])
SUPPLEMENT = body({"component_files": {"type": "object", "additionalProperties": {
    "type": "array", "items": _FILE}}}, ["component_files"])
REASON = body({"reason": _S}, ["reason"])
SURVEY = body({"answers": {"type": "object", "additionalProperties": {
    "type": "integer", "minimum": 1, "maximum": 5}}, "comment": _S}, ["answers"],
    {"answers": {"guidance": 5, "forms": 4, "online_convenience": 5, "handling": 5,
                 "processing_time": 4, "attitude": 5, "online_result": 5,
                 "online_payment": 4}})
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0,
                                                      "maximum": 10_000_000}}
_GROUP = {"type": "object", "required": ["key", "name", "counts"],
          "properties": {"key": _S, "name": _S, "counts": _COUNTS}}
REPORT = body({"agency_id": _S, "unit_name": _S, "period": _S, "period_label": _S,
               "start": {"type": "string", "format": "date"},
               "end": {"type": "string", "format": "date"},
               "as_of": {"type": "string", "format": "date-time"}, "totals": _COUNTS,
               "by_procedure": {"type": "array", "items": _GROUP},
               "by_field": {"type": "array", "items": _GROUP},
               "weekly": {"type": "array", "items": {"type": "object"}},
               "late": {"type": "array", "items": {"type": "object"}},
               "survey": {"type": ["object", "null"]}},
              ["agency_id", "period", "start", "end", "as_of", "totals"])
_SURVEY_ANSWER = {"type": "object", "required": ["client_id", "dossier_code", "agency_id",
                                                 "answered_at"], "properties": {
    "client_id": _S, "dossier_code": _S, "agency_id": _S, "officer": _S,
    "answered_at": {"type": "string", "format": "date-time"},
    "scores": {"type": "object", "additionalProperties": {
        "type": "integer", "minimum": 1, "maximum": 5}}, "comment": _S}}
SURVEYS = body({"surveys": {"type": "array", "minItems": 1, "maxItems": 500,
                            "items": _SURVEY_ANSWER}}, ["surveys"])
BLOB = {"requestBody": {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}},
    "parameters": [{"name": "Upload-Offset", "in": "header", "schema": _I},
                   {"name": "Upload-Length", "in": "header", "schema": _I}]}


# --- responses in /openapi.json: what the portal really answers ------------------------

ERROR = {"type": "object", "required": ["detail"], "properties": {"detail": {
    "type": "object", "required": ["code", "vi", "en"],
    "properties": {"code": _S, "vi": _S, "en": _S}}}}
_WHY = {
    400: "The client disconnected while sending the body",
    401: "Not signed in, or the session has expired",
    403: "The officer's role or unit does not allow this",
    404: "No such resource for this caller (absent and not-yours look the same)",
    409: "Conflicts with the current state (version, offset, status)",
    413: "The body is too large",
    422: "Invalid input: the reason in Vietnamese and English",
    429: "Too many attempts or unfinished uploads; retry after Retry-After seconds",
}
# Operations anyone may call (no bearer token), relative to the API prefix.
PUBLIC = {("get", "/health"), ("get", "/units"), ("get", "/procedures"), ("get", "/calendar"),
          ("post", "/auth/token"), ("post", "/auth/refresh"), ("post", "/citizen/accounts"),
          ("post", "/citizen/accounts/verify"), ("post", "/citizen/auth/token")}
THROTTLED = {("post", "/auth/token"), ("post", "/citizen/auth/token"),
             ("post", "/citizen/accounts/verify"), ("put", "/blobs/{sha256}")}
_BYTES = {"schema": {"type": "string", "format": "binary"}}
# Success answers that are not FastAPI's default 200 JSON.
SUCCESS: dict[tuple[str, str], dict[str, Any]] = {
    ("put", "/blobs/{sha256}"): {
        "201": {"description": "Complete and stored (or already readable by the caller)",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "sha256": _S, "size": _I}}}}},
        "202": {"description": "Part stored; send the rest from `received`",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "received": _I, "total": _I}}}}}},
    ("get", "/blobs/{sha256}"): {"200": {"description": "The file",
                                         "content": {"application/octet-stream": _BYTES}}},
    ("head", "/blobs/{sha256}"): {"200": {"description": "The caller may read it"}},
    ("get", "/reports/province.xlsx"): {"200": {"description": "The workbook", "content": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _BYTES}}},
    ("get", "/citizen/dossiers/{code}/result"): {"200": {
        "description": "The signed result", "content": {"application/pdf": _BYTES}}},
}


def _codes(method: str, rel: str, op: dict[str, Any]) -> set[int]:
    codes = {422}
    if method != "get" or (method, rel) not in PUBLIC:  # sign-in endpoints refuse with 401
        codes |= {401, 403, 404}
    if "{" in rel:
        codes.add(404)
    if "requestBody" in op or method in ("post", "put"):
        codes |= {400, 409, 413}
    if (method, rel) in THROTTLED:
        codes.add(429)
    return codes


def document_responses(openapi: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Declare every operation's error answers ({"detail": {"code", "vi", "en"}}, not
    FastAPI's validation body) and its real success answers, so /openapi.json matches
    what a client receives."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, ops in openapi.get("paths", {}).items():
        rel = path[len(prefix):] if path.startswith(prefix) else path
        for method, op in ops.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses = op["responses"]
            special = SUCCESS.get((method, rel))
            if special:
                responses.pop("200", None)
                responses.update(special)
            for code in sorted(_codes(method, rel, op) | {int(c) for c in responses
                                                          if c.isdigit() and int(c) >= 400}):
                answer: dict[str, Any] = {"description": _WHY.get(code, "Refused")}
                if method != "head":
                    answer["content"] = error
                if code == 429:
                    answer["headers"] = {"Retry-After": {"schema": _I}}
                if code == 409 and rel == "/blobs/{sha256}":
                    answer["headers"] = {"Upload-Offset": {"schema": _I}}
                responses[str(code)] = answer
    for name in ("HTTPValidationError", "ValidationError"):  # no longer referenced
        components.pop(name, None)
    return openapi

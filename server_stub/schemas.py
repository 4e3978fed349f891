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
BLOB = {"requestBody": {"required": True, "content": {"application/octet-stream": {
    "schema": {"type": "string", "format": "binary"}}}},
    "parameters": [{"name": "Upload-Offset", "in": "header", "schema": _I},
                   {"name": "Upload-Length", "in": "header", "schema": _I}]}

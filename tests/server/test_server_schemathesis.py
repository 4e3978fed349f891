"""A short, deterministic schemathesis run against the portal (in process, over ASGI):
generated valid and invalid requests to every operation of /openapi.json, signed in as a
desk officer or a citizen; no answer may be a 5xx, and every answer must match what the
schema declares (status codes, error bodies, content types, headers)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))

from server_support import Clock

from desk_app.protocol import API_PREFIX
from server_stub.schemas import PUBLIC

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance)
OFFICER, CITIZEN = "motcua.phuvang", "hoaithuong.nguyen@example.com"
EXAMPLES = 15  # per operation and mode (valid, invalid): about 1,000 calls


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from server_stub.app import create_app

    app = create_app(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'portal.sqlite3'}",
                     seed="demo", clock=Clock())
    yield app
    app.state.portal.close()


def _token(app: Any, kind: str, subject: str) -> str:
    """A token made directly (not by signing in: the run's wrong sign-ins throttle the
    test client's address, and a logout in the run must not end the other calls' session)."""
    from server_stub.auth import issue

    portal = app.state.portal
    with portal.db.write() as conn:
        return issue(conn, portal, kind, subject, 3600, family=secrets.token_hex(8))


def _call(app: Any, case: Any) -> list[str]:
    rel = case.path[len(API_PREFIX):]
    headers: dict[str, str] = {}
    if (case.method.lower(), rel) not in PUBLIC:
        if rel == "/auth/logout":  # its own sign-in, so the others stay signed in
            token = _token(app, "access", OFFICER)
        elif rel.startswith("/citizen/"):
            token = _token(app, "citizen", CITIZEN)
        else:
            token = app.state.fuzz_token
        headers["Authorization"] = f"Bearer {token}"
    response = case.call(headers=headers)
    where = f"{case.method} {case.formatted_path}"
    if response.status_code >= 500:
        return [f"{where}: {response.status_code} {response.text[:200]}"]
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except Exception as exc:  # schemathesis reports every failed check of the answer
        return [f"{where}: {response.status_code} {str(exc)[:400]}"]
    return []


def test_no_server_error_and_answers_match_the_schema(fuzzed: Any) -> None:
    """A bounded run, derandomised: the same requests every time."""
    fuzzed.state.fuzz_token = _token(fuzzed, "access", OFFICER)
    api = schemathesis.openapi.from_asgi("/openapi.json", fuzzed)
    problems: list[str] = []
    calls = 0
    for result in api.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck),
                      phases=[Phase.explicit, Phase.generate])
            def run(case: Any) -> None:
                nonlocal calls
                calls += 1
                problems.extend(_call(fuzzed, case))

            try:
                run()
            except Unsatisfiable:  # nothing to make invalid (an operation without input)
                assert mode is GenerationMode.NEGATIVE
    assert calls > 500
    assert not problems, "\n".join(sorted(set(problems))[:40])


def test_a_wrong_method_says_which_are_allowed(fuzzed: Any) -> None:
    from starlette.testclient import TestClient

    with TestClient(fuzzed) as client:
        r = client.patch(API_PREFIX + "/units")
    assert r.status_code == 405 and r.headers["Allow"] == "GET"
    assert r.json()["detail"]["vi"] == "Phương thức không được hỗ trợ"
    with fuzzed.state.portal.db.read() as conn:  # the run left the seed intact
        assert conn.execute(text("SELECT COUNT(*) FROM officers")).scalar() > 0

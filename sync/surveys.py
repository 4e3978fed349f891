"""Send the survey answers given at this desk's counter to the portal, once (Art. 8).

Answers are written to the local store first (`survey_answers`, sent = 0), so an
answer given while the network is down is kept; `push_surveys` sends what is unsent
in batches with each answer's client id, and the portal records each id once, so a
batch sent again after a lost reply is harmless. The sync engine calls it each round.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desk_app.reports.survey import mark_sent, unsent_answers
from desk_app.store import Store
from sync.client import PortalClient
from sync.errors import PortalRefused, ProtocolError

log = logging.getLogger(__name__)

BATCH = 200
REFUSED = -1  # `sent` of an answer the portal refused: kept, never sent again


def _refused(resp: Any, what: str) -> PortalRefused:
    try:
        detail = resp.json().get("detail", {})
    except ValueError:
        detail = {}
    return PortalRefused(detail.get("vi") or f"Cổng dịch vụ công từ chối {what}.",
                         detail.get("en", ""), detail.get("code", ""), resp.status_code)


def report_sender(client: PortalClient) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A `desk_app.reports.reminders.Sender` that posts a unit's report (Art. 18.8)."""

    def send(payload: dict[str, Any]) -> dict[str, Any]:
        resp = client.request("POST", "/reports", json=payload)
        if resp.status_code != 200:
            raise _refused(resp, "báo cáo")
        return resp.json()

    return send


def _post(client: PortalClient, wires: list[dict[str, Any]]) -> list[dict[str, Any]]:
    resp = client.request("POST", "/surveys", json={"surveys": wires})
    if resp.status_code != 200:
        raise _refused(resp, "phiếu khảo sát")
    results = resp.json().get("results") if resp.headers.get(
        "content-type", "").startswith("application/json") else None
    if not isinstance(results, list) or len(results) != len(wires):
        raise ProtocolError("Cổng dịch vụ công trả lời không khớp các phiếu đã gửi.",
                            "survey results do not match")
    return results


def push_surveys(store: Store, client: PortalClient) -> int:
    """Send every unsent counter answer; returns how many the portal now holds.

    Raises `sync.errors.PortalUnavailable` when the portal cannot be reached: the
    answers stay unsent for the next round. An answer the portal refuses (for
    instance from another unit) is marked and not sent again.
    """
    done = 0
    while True:
        batch = unsent_answers(store, BATCH)
        if not batch:
            return done
        wires = [a.to_wire() for a in batch]
        try:
            results = _post(client, wires)
        except PortalRefused as exc:
            if exc.status >= 500 or exc.status == 401:
                raise
            results = []
            for wire in wires:  # find the one the portal refuses; send the others
                try:
                    results += _post(client, [wire])
                except PortalRefused as one:
                    if one.status == 401 or one.status >= 500:
                        raise
                    log.warning("survey %s refused by the portal: %s", wire["client_id"],
                                one.en or one.code)
                    with store.transaction() as conn:
                        conn.execute("UPDATE survey_answers SET sent = ? WHERE client_id = ?",
                                     (REFUSED, wire["client_id"]))
        ok = [r["client_id"] for r in results if r.get("outcome") in ("applied", "duplicate")]
        mark_sent(store, ok)
        done += len(ok)
        if not ok:
            return done

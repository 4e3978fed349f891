"""The unit's report for a period, computed from the processing log (Art. 17, 18.8).

Nothing is counted on the side: every figure is an SQL aggregate over `log_rows`
(the processing control slip, Art. 12.4) joined with the dossier it belongs to.

Definitions (a "row" is a row of the processing log; "in the period" means its
`handed_at` falls on a day from `period.start` to `period.end`, Vietnam time):

- **received**: the dossier's `receive` row is in the period. Automatic receipt at
  departments (App. step 1, cấp Sở) writes a `receive` row too, by the system.
  Split by the dossier's channel (online / in person / by post).
- **finished**: its first `seal_and_register`, `refuse`, `withdraw` or `stop` row.
- **carried over**: received before the period and not finished before it.
- **to handle**: carried over + received.
- **resolved**: its `seal_and_register` row (App. step 4: the result exists) is in the
  period. Early / on time / late is judged like `workflow.judge` against the
  statutory deadline in the dossier's record (`due_at`, which supplement pauses move
  on but apology letters do not: a dossier resolved after its deadline is late even
  when an apology gave a new date).
- **closed without result**: received, and finished in the period by refusal,
  withdrawal or stopping. So carried over + received = resolved + closed without
  result + in progress, always.
- **in progress**: received by the end and not finished by it. Of these, **waiting for
  supplement** when the last supplement request is not yet answered at the end (the
  clock stands still, Domain "Clocks"), else **overdue** when the deadline is before
  the end of the period (or before `as_of` if the period has not ended), else on time.
- **supplement requests**: `request_supplement` rows in the period (each request).
- **refused / withdrawn / stopped**: dossiers whose `refuse` / `withdraw` / `stop` row
  is in the period, received or not.
- **returned**: a `return_at_counter` or `hand_to_post` row in the period.
- **digitised**: received in the period with at least one component whose source is
  `digitised` (Art. 12.1.b); its share is taken of the paper (in person + post) ones.
- **fee dossiers / paid online**: received in the period with fees to pay, and of
  those the ones whose applicant chose to pay online (Art. 11.2).
- **electronic results**: resolved in the period with a result file in the record
  (the signed electronic result, Decree 30/2020), for Decision 766's indicator.

Times are ISO 8601 text in Vietnam time (+07:00), as the store writes them, so a day
boundary is a text comparison that the indexes answer. The pass is SQL aggregates
only (no Python loop over dossiers): its own partial covering indexes
(`INDEXES`, created with CREATE INDEX IF NOT EXISTS on first use) keep a yearly
report over 200,000 dossiers to about two seconds of CPU, split over the cores
(bench/bench_reports.py). Reports read committed data through their own read-only
connections, so they never hold up the desk's writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from desk_app.calendar import now_vn
from desk_app.reports import parts
from desk_app.reports.errors import ReportError
from desk_app.reports.model import (
    Apology,
    Counts,
    GroupRow,
    LateDossier,
    ReceiptBreach,
    UnitReport,
    WeekPoint,
)
from desk_app.reports.periods import Period
from desk_app.store import Store
from desk_app.textfmt import require_aware

# The log actions a report looks at; the others (submit, assign, drafts, approval,
# fees) move a dossier inside the unit and change none of the figures. The pass
# aggregates the common ones over every dossier and looks at the rare ones
# (supplements, apologies) only for the few dossiers that have any.
MAIN_ACTIONS = ("receive", "seal_and_register", "refuse", "withdraw", "stop",
                "return_at_counter", "hand_to_post")
RARE_ACTIONS = ("request_supplement", "supplement_received", "apologise")


def _in(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


_IN_EVENTS = _in(MAIN_ACTIONS + RARE_ACTIONS)
_IN_WEEKLY = _in(("receive", "seal_and_register"))

# Partial covering indexes (the pass reads no log row, only index entries), the
# weekly series as a range, digitised components by dossier, and the unit's dossiers
# in procedure order so that grouping by procedure needs no sort.
INDEXES = (
    f"CREATE INDEX IF NOT EXISTS reports_log_events ON log_rows (dossier_code, action, "
    f"handed_at) WHERE {_IN_EVENTS}",
    f"CREATE INDEX IF NOT EXISTS reports_log_days ON log_rows (action, handed_at, "
    f"dossier_code) WHERE {_IN_WEEKLY}",
    "CREATE INDEX IF NOT EXISTS reports_digitised ON components (dossier_code) "
    "WHERE source = 'digitised'",
    # The JSON fields are indexed expressions: SQLite reads them from the index.
    "CREATE INDEX IF NOT EXISTS reports_dossier_facts ON dossiers (agency_id, "
    "procedure_code, code, channel, json_extract(data, '$.due_at'), "
    "json_extract(data, '$.fee_payment'), json_array_length(data, '$.result_files'))",
    parts.INDEX,  # the few dossiers several units handled (liên thông)
)

# Several counters are summed in one integer, 21 bits each (up to two million
# dossiers per procedure and period), so that each classification is computed once.
SLOT = 1 << 21

# One pass: the log's rows per dossier (f), joined with
# the dossier in procedure order (g), classified and summed per procedure.
_PASS = f"""
WITH f AS MATERIALIZED (
  SELECT dossier_code AS code,
    MIN(CASE WHEN action = 'receive' THEN handed_at END) AS recv,
    MIN(CASE WHEN action IN ('seal_and_register', 'refuse', 'withdraw', 'stop')
        THEN handed_at END) AS fin,
    MIN(CASE WHEN action IN ('seal_and_register', 'refuse', 'withdraw', 'stop')
        THEN action END) AS fin_action,
    MAX(action IN ('return_at_counter', 'hand_to_post') AND handed_at >= :s) AS returned,
    MAX(action IN ('request_supplement', 'supplement_received', 'apologise')) AS rare
  FROM log_rows
  WHERE {_IN_EVENTS} AND handed_at < :e AND dossier_code >= :lo AND dossier_code < :hi
  GROUP BY dossier_code
), g AS (
  SELECT d.agency_id AS agency, d.procedure_code AS proc, d.channel AS channel,
    f.code AS code, f.recv AS recv, f.fin AS fin, f.returned AS returned,
    CASE WHEN f.fin_action = 'seal_and_register' THEN f.fin END AS sealed,
    CASE WHEN f.fin >= :s THEN f.fin_action END AS ended,
    CASE WHEN f.rare THEN (SELECT COUNT(*) FROM log_rows x WHERE x.{_IN_EVENTS}
      AND x.dossier_code = f.code AND x.action = 'request_supplement'
      AND x.handed_at >= :s AND x.handed_at < :e) ELSE 0 END AS supp,
    -- The last supplement request is not yet answered at the end of the period.
    CASE WHEN f.rare THEN (SELECT IFNULL(MAX(CASE WHEN x.action = 'request_supplement'
        THEN x.handed_at END) > IFNULL(MAX(CASE WHEN x.action = 'supplement_received'
        THEN x.handed_at END), ''), 0)
      FROM log_rows x WHERE x.{_IN_EVENTS} AND x.dossier_code = f.code
        AND x.action IN ('request_supplement', 'supplement_received') AND x.handed_at < :e)
      ELSE 0 END AS waiting,
    -- The statutory deadline (the record's due_at, which apology letters leave as it
    -- is; the due_at column holds the appointment in force), the fee choice
    -- (Art. 11.2) and the result files, all read from reports_dossier_facts.
    json_extract(d.data, '$.due_at') AS due,
    json_extract(d.data, '$.fee_payment') AS fee,
    json_array_length(d.data, '$.result_files') AS results
  FROM {{source}}
  WHERE (f.recv IS NOT NULL AND (f.fin IS NULL OR f.fin >= :s))
     OR f.fin >= :s OR f.returned OR f.rare
)
SELECT agency, proc,
  SUM(recv < :s AND (fin IS NULL OR fin >= :s)) AS carried,
  SUM(CASE WHEN recv >= :s THEN CASE channel WHEN 'online' THEN 1
      WHEN 'in_person' THEN {SLOT} WHEN 'post' THEN {SLOT * SLOT} ELSE 0 END ELSE 0 END),
  SUM(CASE WHEN sealed >= :s THEN CASE WHEN due IS NULL THEN {SLOT} WHEN sealed > due
      THEN {SLOT * SLOT} WHEN substr(sealed, 1, 10) < substr(due, 1, 10) THEN 1
      ELSE {SLOT} END ELSE 0 END),
  SUM(sealed >= :s AND results > 0),
  SUM(CASE WHEN recv IS NOT NULL AND fin IS NULL THEN CASE WHEN waiting THEN {SLOT * SLOT}
      WHEN due < :cut THEN {SLOT} ELSE 1 END ELSE 0 END),
  SUM(CASE ended WHEN 'refuse' THEN 1 WHEN 'withdraw' THEN {SLOT}
      WHEN 'stop' THEN {SLOT * SLOT} ELSE 0 END),
  SUM(recv IS NOT NULL AND ended IN ('refuse', 'withdraw', 'stop')),
  SUM(returned),
  SUM(supp),
  SUM(CASE WHEN recv >= :s THEN CASE fee WHEN 'online' THEN {SLOT + 1}
      WHEN 'counter' THEN 1 ELSE 0 END ELSE 0 END),
  SUM(recv >= :s AND channel <> 'online' AND EXISTS (SELECT 1 FROM components c
      WHERE c.dossier_code = g.code AND c.source = 'digitised')),
  group_concat(CASE WHEN (sealed >= :s AND sealed > due)
      OR (recv IS NOT NULL AND fin IS NULL AND NOT waiting AND due < :cut) THEN
    code || '|' || IFNULL(recv, '') || '|' || IFNULL(sealed, '') || '|' || IFNULL(due, '')
  END, char(10))
FROM g
GROUP BY agency, proc
"""

_WEEKLY = f"""
SELECT l.action, substr(l.handed_at, 1, 10) AS day, COUNT(*)
FROM log_rows l {{join}}
WHERE l.{_IN_WEEKLY} AND l.handed_at >= :s AND l.handed_at < :e {{where}}
GROUP BY l.action, day
"""

# Below this many dossiers one connection does it all; above, the pass is split by
# dossier code over the machine's cores (sqlite3 releases the GIL while it works).
SHARD_THRESHOLD = 20_000
MAX_SHARDS = 4


_indexed: weakref.WeakSet[Store] = weakref.WeakSet()


def ensure_indexes(store: Store) -> None:
    """Create the reports' own indexes once (a one-off cost on a big existing store)."""
    if store in _indexed:
        return
    if store._depth and str(store.path) != ":memory:":
        # The report reads through its own connections, which cannot see an index
        # created inside a transaction that is still open.
        raise ReportError("Không lập báo cáo lần đầu trong khi đang ghi dữ liệu; hãy thử lại",
                          "The first report on a store cannot be built inside a transaction")
    with store.transaction() as conn:
        for sql in INDEXES:
            conn.execute(sql)
    _indexed.add(store)


@contextmanager
def _reader(store: Store) -> Iterator[sqlite3.Connection]:
    """A private read-only connection: a report never blocks the desk's own writes
    (WAL readers see the last commit). An in-memory store is read under its lock."""
    if str(store.path) == ":memory:":
        with store._lock:
            yield store._conn
        return
    conn = store.reader()  # read-only, with the store's key when it is encrypted
    try:
        conn.execute("PRAGMA temp_store = MEMORY")
        yield conn
    finally:
        conn.close()


def _bounds(store: Store, shards: int, force: bool = False) -> list[tuple[str, str]]:
    """Dossier-code ranges with about as many dossiers each."""
    top = "\U0010ffff"
    n = store.count_dossiers()
    small = n < SHARD_THRESHOLD and not force
    if str(store.path) == ":memory:" or small or shards < 2 or n < shards:
        return [("", top)]
    cuts = [store._query("SELECT code FROM dossiers ORDER BY code LIMIT 1 OFFSET ?",
                         (n * i // shards,))[0][0] for i in range(1, shards)]
    edges = ["", *cuts, top]
    return [(edges[i], edges[i + 1]) for i in range(shards)]


def _add(values: tuple[int, ...], packed: int | None) -> tuple[int, ...]:
    """Unpack counters summed in one integer (`SLOT` apart) and add them to `values`."""
    packed = packed or 0
    out = []
    for v in values:
        out.append(v + packed % SLOT)
        packed //= SLOT
    return tuple(out)


class Pass:
    """The figures of one pass: counters per (agency, procedure) and the late codes."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counts] = {}
        self.late: list[tuple[str, str, str, str, str]] = []  # code, proc, recv, sealed, due
        self.late_info: dict[str, tuple[str, str | None]] = {}  # code → applicant, apologies

    def add_row(self, row: tuple[Any, ...]) -> None:
        (agency, proc, carried, channels, resolved, electronic, progress, ended, closed,
         returned, supp, fees, digitised, late) = row
        c = self.counts.setdefault((agency, proc), Counts())
        c.carried_over += carried or 0
        c.received_online, c.received_in_person, c.received_post = _add(
            (c.received_online, c.received_in_person, c.received_post), channels)
        c.resolved_early, c.resolved_on_time, c.resolved_late = _add(
            (c.resolved_early, c.resolved_on_time, c.resolved_late), resolved)
        c.electronic_results += electronic or 0
        c.in_progress_on_time, c.in_progress_overdue, c.waiting_supplement = _add(
            (c.in_progress_on_time, c.in_progress_overdue, c.waiting_supplement), progress)
        c.refused, c.withdrawn, c.stopped = _add((c.refused, c.withdrawn, c.stopped), ended)
        c.closed_without_result += closed or 0
        c.returned += returned or 0
        c.supplement_requests += supp or 0
        c.fee_dossiers, c.paid_online = _add((c.fee_dossiers, c.paid_online), fees)
        c.digitised += digitised or 0
        if late:
            for item in late.split("\n"):
                code, recv, sealed, due = item.split("|")
                self.late.append((code, proc, recv, sealed, due))

    def merge(self, other: Pass) -> None:
        for key, c in other.counts.items():
            self.counts.setdefault(key, Counts()).add(c)
        self.late += other.late
        self.late_info.update(other.late_info)


def _params(period: Period, as_of: datetime, agency_id: str | None) -> dict[str, Any]:
    cut = min(period.end_moment(), require_aware(as_of, "as_of"))
    p: dict[str, Any] = {"s": period.start_text, "e": period.end_text, "cut": cut.isoformat()}
    if agency_id:
        p["a"] = agency_id
    return p


def run_pass(store: Store, period: Period, agency_id: str | None = None,
             as_of: datetime | None = None, shards: int | None = None,
             late_info: bool = False) -> Pass:
    """The per-dossier pass over the log for `period`, split across cores when big.

    With `late_info`, each shard also reads its late dossiers' applicant and apology
    letters (see `late_details`)."""
    ensure_indexes(store)
    params = _params(period, as_of or now_vn(), agency_id)
    if agency_id:
        # Drive from the unit's dossiers and probe the pass's rows (a temporary index).
        source = ("dossiers d INDEXED BY reports_dossier_facts CROSS JOIN f "
                  "ON f.code = d.code AND d.agency_id = :a AND d.code >= :lo AND d.code < :hi")
    else:
        source = ("dossiers d INDEXED BY reports_dossier_facts CROSS JOIN f "
                  "ON f.code = d.code AND d.code >= :lo AND d.code < :hi")
    sql = _PASS.format(source=source)
    ranges = _bounds(store, shards or min(os.cpu_count() or 1, MAX_SHARDS),
                     force=shards is not None)
    results = [Pass() for _ in ranges]
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            with _reader(store) as conn:
                lo, hi = ranges[i]
                for row in conn.execute(sql, {**params, "lo": lo, "hi": hi}):
                    results[i].add_row(row)
                if late_info:
                    results[i].late_info = _late_info(conn, [x[0] for x in results[i].late])
        except BaseException as exc:  # re-raised on the calling thread
            errors.append(exc)

    if len(ranges) == 1:
        work(0)
    else:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(len(ranges))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    total = Pass()
    for r in results:
        total.merge(r)
    return total


def count_by_procedure(
    store: Store, period: Period, agency_id: str | None = None, as_of: datetime | None = None
) -> dict[tuple[str, str], Counts]:
    """The counters per (agency, procedure code)."""
    return run_pass(store, period, agency_id, as_of).counts


def weekly_series(store: Store, period: Period, agency_id: str | None = None) -> list[WeekPoint]:
    """Dossiers received and resolved per week (Monday to Sunday) within the period."""
    ensure_indexes(store)
    params: dict[str, Any] = {"s": period.start_text, "e": period.end_text}
    join = where = ""
    weeks: dict[date, list[int]] = {}
    with _reader(store) as conn:
        if agency_id and conn.execute(
            "SELECT 1 FROM dossiers WHERE agency_id < ? OR agency_id > ? LIMIT 1",
            (agency_id, agency_id)
        ).fetchone():  # other units' dossiers are here too: keep to this one's
            join, where = "JOIN dossiers d ON d.code = l.dossier_code", "AND d.agency_id = :a"
            params["a"] = agency_id
        rows = conn.execute(_WEEKLY.format(join=join, where=where), params).fetchall()
    for action, day, n in rows:
        d = date.fromisoformat(day)
        slot = weeks.setdefault(d - timedelta(days=d.weekday()), [0, 0])
        slot[0 if action == "receive" else 1] += n
    return [WeekPoint(w, r, s) for w, (r, s) in sorted(weeks.items())]


def _late_info(conn: sqlite3.Connection, codes: list[str]) -> dict[str, tuple[str, str | None]]:
    info: dict[str, tuple[str, str | None]] = {}
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for code, applicant, apologies in conn.execute(
            f"SELECT code, applicant_name, json_extract(data, '$.apologies') FROM dossiers "
            f"WHERE code IN ({marks})", chunk
        ):
            info[code] = (applicant, apologies)
    return info


def late_details(store: Store, period: Period, late: list[tuple[str, str, str, str, str]],
                 names: dict[str, str] | None = None,
                 info: dict[str, tuple[str, str | None]] | None = None) -> list[LateDossier]:
    """The late dossiers with applicant and apology letters, by deadline then code."""
    info = dict(info or {})
    missing = [x[0] for x in late if x[0] not in info]
    if missing:
        with _reader(store) as conn:
            info.update(_late_info(conn, missing))
    out = []
    for code, proc, recv, sealed, due in sorted(late, key=lambda x: (x[4], x[0])):
        applicant, apologies = info.get(code, ("", None))
        letters = [
            Apology(a.get("number", ""), a["issued_at"], a.get("reason", ""), a["new_due_at"],
                    a.get("cause", "late"))
            for a in json.loads(apologies or "[]")
        ]
        finished = sealed if sealed and sealed >= period.start_text else None
        out.append(LateDossier(code, proc, (names or {}).get(proc, ""), applicant,
                               recv or None, due or None, finished, letters))
    return out


def _procedure_info(store: Store, agency_id: str | None) -> dict[str, tuple[str, str]]:
    sql = "SELECT code, name, field FROM procedures"
    rows = store._query(sql + " WHERE agency_id = ?", (agency_id,)) if agency_id else \
        store._query(sql)
    return {code: (name, field) for code, name, field in rows}


def group(rows: Iterable[tuple[str, str, Counts]]) -> list[GroupRow]:
    """Sum counters by key, keeping the first name seen; sorted by key."""
    acc: dict[str, GroupRow] = {}
    for key, name, counts in rows:
        target = acc.setdefault(key, GroupRow(key, name, Counts()))
        target.counts.add(counts)
    return [acc[k] for k in sorted(acc)]


def receipt_breaches(store: Store, period: Period, agency_id: str | None = None
                     ) -> list[ReceiptBreach]:
    """Art. 12.1.a: online dossiers whose first answer (receive, refuse or supplement
    request, judged on the receipt clock by the workflow) came late, in the period."""
    # The late first answers come from their own partial index (store V9); only those few
    # are joined with their dossier and its JSON (the receipt deadline in force).
    sql = """
        SELECT l.dossier_code, d.data, l.due_at, l.handed_at, l.action, l.handed_by
        FROM log_rows l JOIN dossiers d ON d.code = l.dossier_code
        WHERE l.timeliness = 'late'
          AND l.action IN ('receive', 'refuse', 'request_supplement')
          AND l.handed_at >= :s AND l.handed_at < :e
          AND d.channel = 'online' AND (:a IS NULL OR d.agency_id = :a)
          AND l.due_at = json_extract(d.data, '$.receipt_due_at')
        ORDER BY l.handed_at"""
    with _reader(store) as conn:
        rows = conn.execute(sql, {"s": period.start.isoformat(),
                                  "e": (period.end + timedelta(days=1)).isoformat(),
                                  "a": agency_id}).fetchall()
    out: list[ReceiptBreach] = []
    seen: set[str] = set()
    for code, data, due, at, action, who in rows:
        if code in seen:
            continue  # one breach per dossier: its first answer
        seen.add(code)
        d = json.loads(data)
        out.append(ReceiptBreach(code, d.get("applicant", {}).get("name", ""),
                                 d.get("submitted_at"), due, at, action, who))
    return out


def unit_report(
    store: Store,
    agency_id: str,
    period: Period,
    as_of: datetime | None = None,
    *,
    with_late: bool = True,
    with_weekly: bool = True,
) -> UnitReport:
    """The unit's report for `period` (the survey part is added by `reports.survey`)."""
    as_of = require_aware(as_of or now_vn(), "as_of")
    unit = store.get_unit(agency_id)
    info = _procedure_info(store, agency_id)
    names = {code: name for code, (name, _) in info.items()}
    ensure_indexes(store)
    # The weekly series is an independent range scan: it runs beside the pass, on its
    # own connection (an in-memory store has only one, so there it runs after).
    beside = with_weekly and str(store.path) != ":memory:"
    with ThreadPoolExecutor(1, thread_name_prefix="report-weekly") as side:
        weekly_job = side.submit(weekly_series, store, period, agency_id) if beside else None
        result = run_pass(store, period, agency_id, as_of, late_info=with_late)
        weekly = weekly_job.result() if weekly_job else (
            weekly_series(store, period, agency_id) if with_weekly else [])
    # Liên thông: lateness counts against the unit whose own part overran (reports.parts).
    with _reader(store) as conn:
        linked = parts.linked_facts(conn, agency_id, period,
                                    min(period.end_moment(), as_of))
    result.late = parts.correct(result.counts, result.late, linked.not_ours, agency_id,
                                period)
    per_proc = result.counts
    late = late_details(store, period, result.late, names, result.late_info) \
        if with_late else []
    totals = Counts()
    for counts in per_proc.values():
        totals.add(counts)
    by_procedure = group((proc, info.get(proc, ("", ""))[0], c)
                         for (_, proc), c in per_proc.items())
    by_field = group((info.get(proc, ("", ""))[1] or "Khác", info.get(proc, ("", ""))[1] or
                      "Khác", c) for (_, proc), c in per_proc.items())
    return UnitReport(
        receipt_breaches=receipt_breaches(store, period, agency_id),
        agency_id=agency_id,
        unit_name=unit.name if unit else agency_id,
        period_code=period.code,
        period_label=period.label,
        start=period.start,
        end=period.end,
        as_of=as_of,
        totals=totals,
        by_procedure=by_procedure,
        by_field=by_field,
        weekly=weekly,
        late=late,
        own_parts=linked.parts.to_dict(),
    )

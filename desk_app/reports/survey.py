"""The satisfaction survey of Art. 8: criteria, answers in the local store, summaries.

An answer is given at the counter after a result is returned (source "counter") or
on the portal and synced down (source "portal"). It is anonymous unless the
applicant chooses to give their name. Each answer has a client-made id, so sending
it to the portal twice records it once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desk_app.reports.errors import ReportError
from desk_app.reports.periods import Period
from desk_app.store import Store
from desk_app.textfmt import require_aware

# Art. 8.1 a–h, worded as the law words them.
CRITERIA: tuple[tuple[str, str], ...] = (
    ("guidance", "Tính rõ ràng trong hướng dẫn thủ tục"),  # a)
    ("forms", "Tính chính xác của biểu mẫu"),  # b)
    ("online_convenience", "Tính tiện dụng của dịch vụ công trực tuyến"),  # c)
    ("handling", "Khả năng cung cấp, xử lý dịch vụ công trực tuyến"),  # d)
    ("processing_time", "Thời gian xử lý dịch vụ công trực tuyến"),  # đ)
    ("attitude", "Thái độ phục vụ của công chức thụ lý hồ sơ"),  # e)
    ("online_result", "Phương thức nhận kết quả trực tuyến"),  # g)
    ("online_payment", "Phương thức thanh toán trực tuyến"),  # h)
)
CRITERIA_KEYS = tuple(k for k, _ in CRITERIA)
CRITERIA_VI = dict(CRITERIA)

SCORES_VI: dict[int, str] = {
    1: "Rất không hài lòng",
    2: "Không hài lòng",
    3: "Bình thường",
    4: "Hài lòng",
    5: "Rất hài lòng",
}

MAX_COMMENT = 2000


@dataclass(frozen=True)
class SurveyAnswer:
    dossier_code: str
    agency_id: str
    officer: str  # the officer who handled the dossier (for the leader's view only)
    answered_at: datetime
    scores: Mapping[str, int]  # criterion key → 1..5; a criterion may be skipped
    comment: str = ""
    anonymous: bool = True
    applicant_name: str = ""  # kept only when the applicant chose not to be anonymous
    source: str = "counter"  # counter / portal
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def to_wire(self) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "dossier_code": self.dossier_code,
            "agency_id": self.agency_id,
            "officer": self.officer,
            "answered_at": self.answered_at.isoformat(),
            "scores": dict(self.scores),
            "comment": self.comment,
            "anonymous": self.anonymous,
            "applicant_name": "" if self.anonymous else self.applicant_name,
            "source": self.source,
        }


def answer_from_wire(d: Mapping[str, Any]) -> SurveyAnswer:
    """An answer as the portal or the wire carries it, checked like a new one."""
    return validate(SurveyAnswer(
        dossier_code=str(d["dossier_code"]),
        agency_id=str(d["agency_id"]),
        officer=str(d.get("officer", "")),
        answered_at=datetime.fromisoformat(str(d["answered_at"])),
        scores={str(k): int(v) for k, v in dict(d.get("scores") or {}).items()},
        comment=str(d.get("comment", "")),
        anonymous=bool(d.get("anonymous", True)),
        applicant_name=str(d.get("applicant_name", "")),
        source=str(d.get("source", "portal")),
        client_id=str(d["client_id"]),
    ))


def validate(answer: SurveyAnswer) -> SurveyAnswer:
    """Refuse what a survey cannot hold, with a message the applicant understands."""
    require_aware(answer.answered_at, "answered_at")
    unknown = [k for k in answer.scores if k not in CRITERIA_VI]
    if unknown:
        raise ReportError("Tiêu chí đánh giá không có: " + ", ".join(unknown),
                          "Unknown survey criteria")
    bad = [k for k, v in answer.scores.items() if v not in SCORES_VI]
    if bad:
        raise ReportError("Mức đánh giá phải từ 1 đến 5: " + ", ".join(CRITERIA_VI[k] for k in bad),
                          "Scores must be 1..5")
    if not answer.scores and not answer.comment.strip():
        raise ReportError("Xin vui lòng chọn ít nhất một mức đánh giá hoặc ghi ý kiến",
                          "An empty survey")
    if len(answer.comment) > MAX_COMMENT:
        raise ReportError(f"Ý kiến dài quá {MAX_COMMENT} ký tự", "Comment too long")
    if answer.source not in ("counter", "portal"):
        raise ReportError("Nguồn khảo sát không hợp lệ", "Invalid survey source")
    return answer


def save_answer(store: Store, answer: SurveyAnswer, sent: bool = False) -> bool:
    """Store an answer once (by client id); returns False if it was already there."""
    validate(answer)
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT OR IGNORE INTO survey_answers (client_id, dossier_code, agency_id, officer, "
            "answered_at, scores, comment, anonymous, applicant_name, source, sent) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (answer.client_id, answer.dossier_code, answer.agency_id, answer.officer,
             require_aware(answer.answered_at).isoformat(),
             json.dumps(dict(answer.scores), ensure_ascii=False), answer.comment.strip(),
             int(answer.anonymous), "" if answer.anonymous else answer.applicant_name.strip(),
             answer.source, int(sent)),
        )
        return cur.rowcount == 1


def _row_to_answer(r: Sequence[Any]) -> SurveyAnswer:
    return SurveyAnswer(
        client_id=r[0], dossier_code=r[1], agency_id=r[2], officer=r[3],
        answered_at=datetime.fromisoformat(r[4]), scores=json.loads(r[5]), comment=r[6],
        anonymous=bool(r[7]), applicant_name=r[8], source=r[9])


_COLUMNS = ("client_id, dossier_code, agency_id, officer, answered_at, scores, comment, "
            "anonymous, applicant_name, source")


def unsent_answers(store: Store, limit: int = 500) -> list[SurveyAnswer]:
    """Answers given at this desk that have not reached the portal yet, oldest first."""
    rows = store._query(
        f"SELECT {_COLUMNS} FROM survey_answers WHERE sent = 0 AND source = 'counter' "
        "ORDER BY answered_at LIMIT ?", (limit,))
    return [_row_to_answer(r) for r in rows]


def mark_sent(store: Store, client_ids: Sequence[str]) -> None:
    with store.transaction() as conn:
        conn.executemany("UPDATE survey_answers SET sent = 1 WHERE client_id = ?",
                         [(c,) for c in client_ids])


def answers(store: Store, agency_id: str, period: Period) -> list[SurveyAnswer]:
    rows = store._query(
        f"SELECT {_COLUMNS} FROM survey_answers WHERE agency_id = ? AND answered_at >= ? "
        "AND answered_at < ? ORDER BY answered_at",
        (agency_id, period.start_text, period.end_text))
    return [_row_to_answer(r) for r in rows]


@dataclass
class CriterionSummary:
    key: str
    name: str
    count: int
    average: float | None
    distribution: dict[int, int]  # score → number of answers


@dataclass
class SurveySummary:
    answers: int
    criteria: list[CriterionSummary]
    comments: list[str]
    per_officer: dict[str, list[CriterionSummary]] | None = None  # leader's view only

    def to_dict(self) -> dict[str, Any]:
        def crit(c: CriterionSummary) -> dict[str, Any]:
            return {"key": c.key, "name": c.name, "count": c.count, "average": c.average,
                    "distribution": {str(k): v for k, v in c.distribution.items()}}

        return {
            "answers": self.answers,
            "criteria": [crit(c) for c in self.criteria],
            "comments": list(self.comments),
            "per_officer": None if self.per_officer is None else {
                o: [crit(c) for c in cs] for o, cs in self.per_officer.items()},
        }


def _criteria(items: Sequence[SurveyAnswer]) -> list[CriterionSummary]:
    out = []
    for key, name in CRITERIA:
        values = [a.scores[key] for a in items if key in a.scores]
        dist = {s: values.count(s) for s in SCORES_VI}
        avg = round(sum(values) / len(values), 2) if values else None
        out.append(CriterionSummary(key, name, len(values), avg, dist))
    return out


def summarise(items: Sequence[SurveyAnswer], per_officer: bool = False) -> SurveySummary:
    """Averages and distributions per criterion.

    Per officer only when `per_officer` is set: the unit's leader sees it, nobody else
    (callers check the role; `summary_for` does it from the officer).
    """
    by_officer = None
    if per_officer:
        names = sorted({a.officer for a in items if a.officer})
        by_officer = {o: _criteria([a for a in items if a.officer == o]) for o in names}
    return SurveySummary(
        answers=len(items),
        criteria=_criteria(items),
        comments=[a.comment for a in items if a.comment],
        per_officer=by_officer,
    )


def survey_summary(store: Store, agency_id: str, period: Period,
                   viewer_is_leader: bool = False) -> SurveySummary:
    return summarise(answers(store, agency_id, period), per_officer=viewer_is_leader)


def import_feed_survey(store: Store, key: str, data: Mapping[str, Any],
                       agency_id: str = "") -> bool:
    """Keep a survey that came down the change feed (kind "survey"); True if new.

    Two shapes arrive: an answer a desk gave at its counter (it has a `client_id`),
    and one a citizen gave on the portal ({"dossier_code", "answers", "comment",
    "submitted_at"}, one per dossier), which is anonymous and is attributed to the
    officer the dossier was assigned to here.
    """
    if "client_id" in data and "scores" in data:
        return save_answer(store, answer_from_wire({**data, "source": data.get("source",
                                                                              "counter")}),
                           sent=True)
    code = str(data.get("dossier_code") or key)
    rows = store._query("SELECT agency_id, assigned_to FROM dossiers WHERE code = ?", (code,))
    agency, officer = rows[0] if rows else (agency_id, "")
    answer = SurveyAnswer(
        client_id=f"portal:{code}", dossier_code=code, agency_id=agency or agency_id,
        officer=officer, answered_at=datetime.fromisoformat(str(data["submitted_at"])),
        scores={str(k): int(v) for k, v in dict(data.get("answers") or {}).items()},
        comment=str(data.get("comment") or ""), anonymous=True, source="portal")
    return save_answer(store, answer, sent=True)

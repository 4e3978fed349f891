"""Reports, registers and the satisfaction survey (Art. 8, 17, 18.8). Core: no Qt.

    report = build_report(store, agency_id, periods.parse("2026-11"))
    export_xlsx(report, "bao-cao.xlsx", dossier_register=..., outgoing=...)
"""

from __future__ import annotations

from datetime import datetime

from desk_app.reports import periods
from desk_app.reports.compute import ensure_indexes, unit_report
from desk_app.reports.errors import ReportError
from desk_app.reports.model import Counts, GroupRow, UnitReport, report_from_dict
from desk_app.reports.periods import Period
from desk_app.reports.registers import dossier_register, outgoing_register
from desk_app.reports.survey import CRITERIA, SCORES_VI, SurveyAnswer, survey_summary
from desk_app.reports.xlsx import export_xlsx
from desk_app.store import Store


def build_report(store: Store, agency_id: str, period: Period, as_of: datetime | None = None,
                 viewer_is_leader: bool = False) -> UnitReport:
    """The unit's report with its survey part; per-officer survey figures for leaders only."""
    report = unit_report(store, agency_id, period, as_of)
    report.survey = survey_summary(store, agency_id, period, viewer_is_leader).to_dict()
    return report


__all__ = [
    "CRITERIA", "SCORES_VI", "Counts", "GroupRow", "Period", "ReportError", "SurveyAnswer",
    "UnitReport", "build_report", "dossier_register", "ensure_indexes", "export_xlsx",
    "outgoing_register", "periods", "report_from_dict", "survey_summary", "unit_report",
]

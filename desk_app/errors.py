"""The error the workflow's rules raise, shared by the workflow and the payload types."""

from __future__ import annotations


class WorkflowError(Exception):
    """An action the workflow does not allow, with the reason in Vietnamese and English."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.code = code
        self.vi = vi
        self.en = en


def require(cond: bool, code: str, vi: str, en: str) -> None:
    """Raise `WorkflowError(code, vi, en)` unless `cond` holds."""
    if not cond:
        raise WorkflowError(code, vi, en)

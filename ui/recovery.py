"""Unsaved work that survives a crash or power cut: the half-finished paper intake.

Written atomically (temporary file, fsync, rename) on every change, per officer, and
offered back at the next start; deleted once the intake is done.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any


class DraftStore:
    def __init__(self, folder: Path, username: str) -> None:
        self.path = Path(folder) / f"intake-{username}.json"
        self._lock = threading.Lock()
        self._latest: dict[str, Any] | None = None
        self._writing = False
        self._discarded = False
        self._recent: dict[str, Any] | None = None  # what is being written now

    def save_soon(self, state: dict[str, Any]) -> None:
        """From the GUI thread: the write (with fsync) happens on a worker, latest wins."""
        from ui.threads import run_task

        with self._lock:
            self._latest, self._discarded, self._recent = state, False, state
            if self._writing:
                return
            self._writing = True
        run_task(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:  # a discard waits for the write in flight, then wins
                state, self._latest = self._latest, None
                if state is None or self._discarded:
                    self._writing = False
                    return
                self.save(state)

    def save(self, state: dict[str, Any]) -> None:
        if self._discarded:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".draft-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(state, f, ensure_ascii=False)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def worth_offering(self) -> bool:
        s = self._recent or self.load()
        return bool(s and (s.get("procedure") or s.get("name")))

    def discard(self) -> None:
        with self._lock:
            self._discarded, self._latest, self._recent = True, None, None
            self.path.unlink(missing_ok=True)

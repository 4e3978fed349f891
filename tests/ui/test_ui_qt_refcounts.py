"""The Qt binding keeps Python's reference counts right on the signals the desk uses.

PySide6 6.12.0 dropped one reference to True (or False) on every emit of a bool signal;
after some thousands of emits (a day at the counter, or one run of the test suite) the
process aborted with "bool_dealloc: deallocating True or False", or crashed at random
before that. pyproject.toml keeps that version out; this test keeps it out for good."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QPushButton

EMITS = 2_000


class _Emitter(QObject):
    flag = Signal(bool)
    anything = Signal(object)


def _counts() -> tuple[int, int]:
    gc.collect()
    return sys.getrefcount(True), sys.getrefcount(False)


def test_bool_signals_leave_true_and_false_as_they_were(qtbot):
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.flag.connect(lambda v: seen.append(v) if len(seen) < 1 else None)
    emitter.anything.connect(lambda v: None)
    box, button = QCheckBox(), QPushButton()
    qtbot.addWidget(box)
    qtbot.addWidget(button)
    box.toggled.connect(lambda checked: None)
    button.setCheckable(True)
    button.clicked.connect(lambda checked=False: None)
    before = _counts()
    for i in range(EMITS):
        emitter.flag.emit(i % 2 == 0)
        emitter.anything.emit(i % 3 == 0)
        box.setChecked(not box.isChecked())
        button.click()
    seen.clear()
    after = _counts()
    # a handful of references may come and go with the interpreter's caches; a leak or
    # an over-release moves them by thousands
    assert abs(after[0] - before[0]) < 100, (before, after)
    assert abs(after[1] - before[1]) < 100, (before, after)

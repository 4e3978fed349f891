"""Work off the GUI thread: run a callable on a QThreadPool, call back on the GUI thread.

Modelled on MusicBrainz Picard's `picard/util/thread.py`: the worker never touches a
widget; its result, error and progress travel back through queued signals, so every
callback runs on the thread that owns the receiver (the GUI thread). A task gets a
`Progress` object to report with and to ask whether the officer pressed cancel.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The officer cancelled a long job."""


class Progress:
    """Handed to a task: report progress, and check for cancel between steps."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self._emit(int(done), int(total), str(text))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def event(self) -> threading.Event:
        """The cancel flag as an Event, for layers that take one (sync, scanning)."""
        return self._cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("Đã hủy")


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


def _job(func: Callable[..., Any], pass_progress: bool, signals: _Signals,
         progress: Progress) -> Callable[[], None]:
    """The work as a plain callable: Qt wraps it in a QRunnable it owns and deletes
    itself, so no Python object's lifetime races the pool thread's last look at it."""

    def run() -> None:  # on a pool thread
        try:
            result = func(progress) if pass_progress else func()
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            if not isinstance(exc, Cancelled):
                log.debug("task failed: %s", "".join(traceback.format_exception(exc)))
            signals.failed.emit(exc)
        else:
            signals.finished.emit(result)

    return run


class _Receiver(QObject):
    """Lives on the GUI thread; its slots run the callbacks there."""

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None) -> None:
        super().__init__()
        self.on_done, self.on_error, self.on_progress = on_done, on_error, on_progress

    @Slot(object)
    def done(self, result: Any) -> None:
        _retire(self)
        if self.on_done is not None:
            _call(self.on_done, result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        _retire(self)
        if self.on_error is not None:
            _call(self.on_error, exc)
        elif not isinstance(exc, Cancelled):
            log.warning("background task failed: %s", exc)

    @Slot(int, int, str)
    def progressed(self, done: int, total: int, text: str) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total, text)


def _call(callback: Callable[[Any], None], value: Any) -> None:
    try:
        callback(value)
    except RuntimeError as exc:
        # The window that asked was closed while the work ran: nothing left to update.
        if "already deleted" not in str(exc):
            raise


_live: set[_Receiver] = set()  # keep receivers alive until their task answers
_retired: list[_Receiver] = []  # answered; freed on the next turn of the event loop
_pool: QThreadPool | None = None


def _retire(receiver: _Receiver) -> None:
    # Never free a QObject inside its own slot: keep it one more turn of the loop.
    _live.discard(receiver)
    if not _retired:
        QTimer.singleShot(0, _retired.clear)
    _retired.append(receiver)


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        # Owned by the application object, so it goes down with it (not with Python's
        # module clean-up at exit, after Qt is gone). Four threads: a slow sync must
        # not hold up loading the lists.
        _pool = QThreadPool(QCoreApplication.instance())
        _pool.setMaxThreadCount(4)
    return _pool


def run_task(
    func: Callable[..., Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    *,
    with_progress: bool = False,
) -> Progress:
    """Run `func` on the pool; callbacks run on the GUI thread. Returns its Progress
    (call `.cancel()` on it to ask the task to stop)."""
    signals = _Signals()
    progress = Progress(signals.progress.emit)
    receiver = _Receiver(on_done, on_error, on_progress)
    receiver.signals = signals  # type: ignore[attr-defined]
    _live.add(receiver)
    signals.finished.connect(receiver.done)
    signals.failed.connect(receiver.failed)
    signals.progress.connect(receiver.progressed)
    pool().start(_job(func, with_progress, signals, progress))
    return progress


class GuiThreadCollector(QObject):
    """Python's cycle collector, run only on the GUI thread.

    Left alone, the collector may run on whichever thread allocates, and free a Qt
    widget from a pool thread, which crashes Qt. The usual remedy in PyQt/PySide
    applications: turn automatic collection off and collect from a GUI timer.
    """

    def __init__(self, interval_ms: int = 1000) -> None:
        super().__init__()
        import gc

        self._gc = gc
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        gc = self._gc
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self._threshold
        if c0 > t0:
            gc.collect(0)
            if c1 > t1:
                gc.collect(1)
                if c2 > t2:
                    gc.collect(2)


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> None:
    """Call once, from the GUI thread, after the QApplication exists."""
    global _collector
    if _collector is None:
        _collector = GuiThreadCollector()


def active_count() -> int:
    """Tasks still waiting for an answer (tests wait for this to reach zero)."""
    return len(_live)


def wait_idle(msecs: int = 10000) -> bool:
    """For shutdown and tests: wait until the pool ran everything it was given."""
    return pool().waitForDone(msecs)

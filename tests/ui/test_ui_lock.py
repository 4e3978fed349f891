"""Lock after idle time (counters are public places); switch officer without closing."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton


def test_lock_after_idle_and_unlock(local_desk):
    desk = local_desk()
    w = desk.window
    w.idle.set_minutes(0.002)  # about 120 ms for the test
    desk.qtbot.waitUntil(lambda: w.lock_dialog is not None, timeout=5_000)
    lock = w.lock_dialog
    lock.password.setText("sai")
    lock.try_unlock()
    assert "không đúng" in lock.error.text()
    assert w.lock_dialog is not None
    lock.password.setText("demo")
    lock.try_unlock()
    assert w.lock_dialog is None


def test_switch_officer_without_closing(local_desk):
    desk = local_desk()
    w = desk.window
    assert [ws.key for ws in w.workspaces] == ["desk", "linked"]
    w.lock()
    w.lock_dialog.findChild(QPushButton, "switch_officer").click()
    login = desk.controller.login
    assert login.isVisible()
    desk.controller.log_in_as("lanhdao", "demo")
    desk.qtbot.waitUntil(lambda: [ws.key for ws in w.workspaces] == ["leader", "linked"],
                         timeout=10_000)
    assert desk.controller.window is w  # the same window, another officer
    assert "Nguyễn Quang Huy" in w.officer_label.text()

"""Vietnamese by default through Qt's translation system; English available."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n


def test_english_and_back(qapp):
    try:
        i18n.install("en")
        assert QCoreApplication.translate("LoginDialog", "Đăng nhập") == "Log in"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        i18n.install("vi")
        assert QCoreApplication.translate("LoginDialog", "Đăng nhập") == "Đăng nhập"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
    finally:
        i18n.install("vi")

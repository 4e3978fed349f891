"""One look for the whole application: the Fusion style, one palette, one stylesheet and
icons from Font Awesome 6 Free (solid), read from the font the QtAwesome package ships
(SIL OFL 1.1; licence in the package). The font is loaded directly, not through
QtAwesome's own loader, which reads every icon font it has (half a second at start-up).

Sizes are in points and the icons are drawn for the screen's pixel ratio, so the window
stays sharp and readable at 100–150 % scaling (QT_SCALE_FACTOR=1.5).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

PRIMARY = "#1f5fbf"
PRIMARY_DARK = "#174a96"
DANGER = "#b3261e"
TEXT = "#1d1d1f"
MUTED = "#5f6368"
SURFACE = "#f6f7f9"
BORDER = "#c9ced6"
SELECTION = "#cfe0fa"  # light: the urgency mark and the text stay readable on it

STYLESHEET = f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {SURFACE}; }}
QToolBar {{ background: white; border-bottom: 1px solid {BORDER}; spacing: 6px; padding: 4px; }}
QToolBar QToolButton {{
    border: 1px solid {BORDER}; border-radius: 5px; padding: 3px 7px; background: white;
}}
QToolBar QToolButton:hover {{ background: #eef3fb; border-color: {PRIMARY}; }}
QToolBar QToolButton:pressed {{ background: {SELECTION}; }}
QPushButton {{
    border: 1px solid {BORDER}; border-radius: 5px; padding: 5px 12px; background: white;
}}
QPushButton:hover {{ border-color: {PRIMARY}; background: #eef3fb; }}
QPushButton:focus {{ border: 2px solid {PRIMARY}; }}
QPushButton:disabled {{ color: #9aa0a6; background: #f1f3f4; }}
QPushButton[primary="true"] {{
    background: {PRIMARY}; color: white; border: 1px solid {PRIMARY_DARK}; font-weight: bold;
    padding: 6px 16px;
}}
QPushButton[primary="true"]:hover {{ background: {PRIMARY_DARK}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid #0b2f66; }}
QPushButton[danger="true"] {{ color: {DANGER}; border: 1px solid #e3a9a5; background: white; }}
QPushButton[danger="true"]:hover {{ background: #fdecea; border-color: {DANGER}; }}
QTableView, QListView, QListWidget, QTableWidget, QPlainTextEdit, QLineEdit {{
    background: white; border: 1px solid {BORDER}; border-radius: 4px;
    selection-background-color: {SELECTION}; selection-color: {TEXT};
}}
QLineEdit {{ padding: 3px 5px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {PRIMARY}; }}
QHeaderView::section {{
    background: #eceff3; border: none; border-right: 1px solid {BORDER};
    border-bottom: 1px solid {BORDER}; padding: 4px; font-weight: bold;
}}
QTabBar::tab {{ padding: 6px 12px; border: 1px solid {BORDER}; border-bottom: none;
    background: #eceff3; border-top-left-radius: 4px; border-top-right-radius: 4px; }}
QTabBar::tab:selected {{ background: white; font-weight: bold; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: white; }}
QGroupBox {{ font-weight: bold; border: 1px solid {BORDER}; border-radius: 5px;
    margin-top: 12px; padding-top: 6px; background: white; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QListView::item, QListWidget::item {{ padding: 3px 2px; }}
#alert {{ background: #fff3c4; border: 1px solid #e0b100; border-radius: 5px; }}
#alert_text {{ color: #5c3c00; font-weight: bold; }}
#banner {{ border-radius: 4px; }}
#lock_page {{ background: #20324d; }}
#lock_card {{ background: white; border-radius: 10px; }}
#lock_card QLabel {{ color: {TEXT}; }}
QStatusBar {{ background: white; border-top: 1px solid {BORDER}; }}
"""


def apply(app: QApplication) -> None:
    """The style, palette and stylesheet, once, before the first window."""
    if app.property("desk_styled"):
        return
    app.setProperty("desk_styled", True)
    app.setStyle("Fusion")
    palette = app.palette()
    for role, colour in ((QPalette.ColorRole.Window, SURFACE),
                         (QPalette.ColorRole.Base, "white"),
                         (QPalette.ColorRole.Highlight, SELECTION),
                         (QPalette.ColorRole.HighlightedText, TEXT),
                         (QPalette.ColorRole.Button, "white"),
                         (QPalette.ColorRole.Text, TEXT),
                         (QPalette.ColorRole.WindowText, TEXT)):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


# --- icons ------------------------------------------------------------------------------

_FAMILY: str | None = None
_CHARMAP: dict[str, str] = {}
_CACHE: dict[tuple[str, str], QIcon] = {}


def _font_dir() -> Path | None:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


def _load() -> str:
    global _FAMILY
    if _FAMILY is not None:
        return _FAMILY
    _FAMILY = ""
    folder = _font_dir()
    if folder is None:
        return ""
    fonts = sorted(folder.glob("fontawesome6-solid-webfont-*.ttf"))
    charmaps = sorted(folder.glob("fontawesome6-solid-webfont-charmap-*.json"))
    if not fonts or not charmaps:
        return ""
    font_id = QFontDatabase.addApplicationFont(str(fonts[-1]))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return ""
    try:
        raw = json.loads(charmaps[-1].read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    _CHARMAP.update({k: chr(int(v, 16)) for k, v in raw.items()})
    _FAMILY = families[0]
    return _FAMILY


def icon(name: str, colour: str = "#3c4043") -> QIcon:
    """A Font Awesome 6 solid icon by name ("lock", "print"…); empty when not installed."""
    key = (name, colour)
    if key in _CACHE:
        return _CACHE[key]
    family = _load()
    glyph = _CHARMAP.get(name, "")
    result = QIcon()
    if family and glyph:
        ratio = QGuiApplication.primaryScreen().devicePixelRatio() if \
            QGuiApplication.primaryScreen() else 1.0
        for size in (16, 20, 24, 32):
            pixmap = QPixmap(int(size * max(ratio, 1.0) * 2), int(size * max(ratio, 1.0) * 2))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            font = QFont(family)
            font.setPixelSize(int(pixmap.height() * 0.8))
            painter.setFont(font)
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(pixmap.rect()), Qt.AlignmentFlag.AlignCenter, glyph)
            painter.end()
            pixmap.setDevicePixelRatio(max(ratio, 1.0) * 2)
            result.addPixmap(pixmap)
    _CACHE[key] = result
    return result


def app_icon() -> QIcon:
    """A plain mark drawn at run time (no image files to ship): "1C", one-stop."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#b3261e"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(2, 2, 60, 60, 12, 12)
    painter.setPen(QColor("#ffd54f"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(30)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "1C")
    painter.end()
    return QIcon(pixmap)

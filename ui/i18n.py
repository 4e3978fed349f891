"""Language: Qt's translation system, Vietnamese by default, English available.

Source strings in the code are Vietnamese (the language of the product); desk_en.ts
translates them to English, and desk_vi.ts gives Qt's own standard texts (OK, Cancel,
Save…) in Vietnamese. The .qm files are compiled with pyside6-lrelease; when a .qm is
missing (a source checkout), the .ts file is read directly, so no text is lost.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

HERE = Path(__file__).parent / "i18n"
LANGUAGES = ("vi", "en")

_installed: list[QTranslator] = []


class TsTranslator(QTranslator):
    """A translator fed from a .ts file (used when the compiled .qm is absent)."""

    def __init__(self, ts_path: Path) -> None:
        super().__init__()
        self._table: dict[tuple[str, str], str] = {}
        root = ET.parse(ts_path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source") or ""
                node = message.find("translation")
                if node is None or node.get("type") in ("unfinished", "obsolete"):
                    continue
                if node.text:
                    self._table[(name, source)] = node.text

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return self._table.get((context, source), "")

    def isEmpty(self) -> bool:
        return not self._table


def translator_for(language: str) -> QTranslator | None:
    qm, ts = HERE / f"desk_{language}.qm", HERE / f"desk_{language}.ts"
    if qm.exists() and (not ts.exists() or qm.stat().st_mtime >= ts.stat().st_mtime):
        t = QTranslator()
        if t.load(str(qm)):
            return t
    if ts.exists():
        return TsTranslator(ts)
    return None


def install(language: str = "vi") -> None:
    """Install the translator of `language` (replacing the previous one)."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    t = translator_for(language if language in LANGUAGES else "vi")
    if t is not None:
        app.installTranslator(t)
        _installed.append(t)


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)

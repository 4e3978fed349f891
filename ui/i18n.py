"""Language: Qt's translation system, Vietnamese by default, English available.

Source strings in the code are Vietnamese (the language of the product); desk_en.ts
translates them to English, and desk_vi.ts gives Qt's own standard texts (OK, Cancel,
Save…) in Vietnamese. The .qm files are compiled with pyside6-lrelease
(`python -m ui.i18n_build` rebuilds both) and are what the application loads.

Two rules keep a translation from ever blanking the interface (issue 14: a frozen build
showed empty header, search box and tabs):
- the compiled .qm always wins; the .ts is read only in a source checkout whose .qm is
  missing, never in a frozen build (file times there say nothing about which is newer);
- a string a translator cannot find comes back as its source text, never "" (Qt takes
  any non-null answer as the translation).
"""

from __future__ import annotations

import sys
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
        # The source text, not "", when there is no translation: see the module's doc.
        return self._table.get((context, source)) or source

    def isEmpty(self) -> bool:
        return not self._table


def frozen() -> bool:
    """True in a PyInstaller build (or any other freezer that sets sys.frozen)."""
    return bool(getattr(sys, "frozen", False))


def translator_for(language: str) -> QTranslator | None:
    """The shipped translator of `language`, or None (then Qt shows the source texts)."""
    qm, ts = HERE / f"desk_{language}.qm", HERE / f"desk_{language}.ts"
    if qm.exists():
        t = QTranslator()
        if t.load(str(qm)):
            return t
    if not frozen() and ts.exists():
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

"""Translations can never blank the interface (issue 14).

Every string the UI hands to Qt's translation system — `self.tr("…")`,
`QCoreApplication.translate("Ctx", "…")`, `i18n.tr("Ctx", "…")`, found in ui/**/*.py by
AST, plus the texts that come from data (workflow actions, list titles) — goes through
the shipped translator of every shipped language, and none comes back empty.
"""

from __future__ import annotations

import ast
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from desk_app.workflow import ACTION_NAMES_VI
from ui import i18n
from ui.i18n_build import EN, EXTRA_CONTEXTS, QT_VI

UI = Path(i18n.__file__).parent


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def ui_strings() -> set[tuple[str, str]]:
    """(context, source) of every literal tr()/translate() call in ui/, as lupdate sees them."""
    found: set[tuple[str, str]] = set()
    for path in sorted(UI.rglob("*.py")):
        if path.name == "i18n_build.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                f = call.func
                if (isinstance(f, ast.Attribute) and f.attr == "tr"
                        and isinstance(f.value, ast.Name) and f.value.id == "self"
                        and call.args and (text := _literal(call.args[0]))):
                    found.add((cls.name, text))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            f = call.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            is_translate = name == "translate" or (
                name == "tr" and not (isinstance(f, ast.Attribute)
                                      and isinstance(f.value, ast.Name) and f.value.id == "self"))
            if is_translate and len(call.args) >= 2:
                ctx, text = _literal(call.args[0]), _literal(call.args[1])
                if ctx and text:
                    found.add((ctx, text))
    return found


def all_strings() -> set[tuple[str, str]]:
    strings = ui_strings()
    for ctx, texts in EXTRA_CONTEXTS.items():
        strings |= {(ctx, t) for t in texts}
    strings |= {("Action", vi) for vi in ACTION_NAMES_VI.values()}
    strings |= {("QPlatformTheme", en) for en in QT_VI}
    return strings


def shipped_languages() -> list[str]:
    return sorted(p.stem.removeprefix("desk_") for p in i18n.HERE.glob("desk_*.qm"))


def test_collection_finds_the_ui_strings():
    strings = ui_strings()
    # a floor, so a broken collector cannot pass by finding nothing
    assert len(strings) >= 60, len(strings)
    assert ("MainWindow", "Đồng bộ") in strings or any(t == "Đồng bộ" for _, t in strings)


def test_every_language_is_shipped_compiled():
    assert shipped_languages() == sorted(i18n.LANGUAGES)


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_no_ui_string_translates_to_empty(qapp, language):
    strings = all_strings()
    try:
        i18n.install(language)
        assert i18n._installed, "no translator installed"
        assert not isinstance(i18n._installed[0], i18n.TsTranslator), "the .qm must be used"
        empty = sorted((c, s) for c, s in strings if not QCoreApplication.translate(c, s))
        assert not empty, f"{language}: {len(empty)} blank texts, e.g. {empty[:5]}"
        # what a user would see: the known English is there, Vietnamese is itself
        wrong = []
        for ctx, source in strings:
            shown = QCoreApplication.translate(ctx, source)
            if language == "en" and source in EN and ctx != "QPlatformTheme":
                expected = EN[source]
            elif language == "vi" and ctx != "QPlatformTheme":
                expected = source
            else:
                continue
            if shown != expected:
                wrong.append((ctx, source, shown))
        assert not wrong, f"{language}: .qm out of step with ui/i18n_build.py: {wrong[:5]}"
        # a string nobody translated shows its source text
        assert QCoreApplication.translate("MainWindow", "Chuỗi mới chưa dịch") == \
            "Chuỗi mới chưa dịch"
    finally:
        i18n.install("vi")


def test_every_ui_string_is_in_the_ts_files():
    """`python -m ui.i18n_build` was run after the last UI text change."""
    for language in i18n.LANGUAGES:
        root = ET.parse(i18n.HERE / f"desk_{language}.ts").getroot()
        in_ts = {(c.findtext("name"), m.findtext("source"))
                 for c in root.iter("context") for m in c.iter("message")}
        missing = sorted(ui_strings() - in_ts)
        assert not missing, f"desk_{language}.ts lacks {missing[:5]}: run python -m ui.i18n_build"


def test_ts_translator_falls_back_to_the_source_text(qapp, tmp_path):
    ts = tmp_path / "desk_en.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="en">'
        "<context><name>W</name>"
        "<message><source>Có</source><translation>Yes</translation></message>"
        '<message><source>Chưa</source><translation type="unfinished"></translation></message>'
        "</context></TS>", encoding="utf-8")
    t = i18n.TsTranslator(ts)
    assert t.translate("W", "Có") == "Yes"
    assert t.translate("W", "Chưa") == "Chưa"
    assert t.translate("Other", "Không có") == "Không có"


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """The shipped i18n folder copied, as a frozen build lays it out."""
    here = tmp_path / "i18n"
    shutil.copytree(i18n.HERE, here)
    monkeypatch.setattr(i18n, "HERE", here)
    return here


def test_frozen_build_never_reads_ts(qapp, shipped_copy, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    # a .ts newer than the .qm (file times in a bundle mean nothing): the .qm still wins
    for ts in shipped_copy.glob("*.ts"):
        ts.touch()
    t = i18n.translator_for("en")
    assert isinstance(t, QTranslator) and not isinstance(t, i18n.TsTranslator)
    assert t.translate("LoginDialog", "Đăng nhập") == "Log in"
    # no .qm at all: no translator (Qt shows the Vietnamese source), the .ts is not read
    for qm in shipped_copy.glob("*.qm"):
        qm.unlink()
    assert i18n.translator_for("en") is None


def test_source_checkout_without_qm_reads_ts(qapp, shipped_copy):
    for qm in shipped_copy.glob("*.qm"):
        qm.unlink()
    t = i18n.translator_for("en")
    assert isinstance(t, i18n.TsTranslator)
    assert t.translate("LoginDialog", "Đăng nhập") == "Log in"

"""The `desk-app` command: --version, and help in Vietnamese for every sub-command.

Each `desk-app X --help` runs as an officer would run it (a new process), must exit 0
and speak Vietnamese; then each parser is inspected in-process so that no option is
left without help (argparse's `help is None`).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from importlib import metadata

import pytest

from desk_app import cli

VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]",
                        re.IGNORECASE)
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desk_app.cli", *args], capture_output=True,
                          text=True, env=ENV, timeout=120, check=False)


def test_version_from_package_metadata():
    out = run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"desk-app {metadata.version('desk-app')}"


def test_version_falls_back_to_pyproject(monkeypatch):
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    import tomllib
    from pathlib import Path

    with (Path(cli.__file__).resolve().parents[1] / "pyproject.toml").open("rb") as f:
        expected = tomllib.load(f)["project"]["version"]
    assert cli.version() == expected


def test_top_level_help_lists_every_command_in_vietnamese():
    out = run("--help")
    assert out.returncode == 0
    for name, (_, _, help_) in cli.COMMANDS.items():
        assert name in out.stdout and help_ in out.stdout
        assert VIETNAMESE.search(help_), f"{name}: help not in Vietnamese: {help_!r}"


def test_unknown_command_is_a_clear_error():
    out = run("khong-co")
    assert out.returncode == 2
    assert "Không có lệnh" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_subcommand_help_runs_in_vietnamese(name):
    out = run(name, "--help")
    assert out.returncode == 0, out.stderr[-2000:]
    assert "cách dùng" in out.stdout and "in hướng dẫn này rồi thoát" in out.stdout
    # the command's own description and options, not only argparse's words
    text = out.stdout.replace("cách dùng", "").replace("in hướng dẫn này rồi thoát", "")
    assert VIETNAMESE.search(text), out.stdout


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_no_option_lacks_help(name, monkeypatch, capsys):
    seen: list[argparse.ArgumentParser] = []
    original = argparse.ArgumentParser.print_help

    def capture(self: argparse.ArgumentParser, file=None) -> None:
        seen.append(self)
        original(self, file)

    monkeypatch.setattr(argparse.ArgumentParser, "print_help", capture)
    monkeypatch.setattr(argparse, "_", argparse._)  # cli.main translates argparse: undo after
    with pytest.raises(SystemExit) as done:
        cli.main([name, "--help"])
    assert done.value.code == 0
    assert seen, f"{name}: no argparse parser printed its help"
    parser = seen[-1]
    assert parser.description and VIETNAMESE.search(parser.description), \
        f"{name}: description missing or not Vietnamese"
    lacking = [a.option_strings[0] if a.option_strings else a.dest for a in parser._actions
               if a.help is None or (isinstance(a.help, str) and not a.help.strip())]
    assert not lacking, f"desk-app {name}: options without help: {lacking}"


def test_argparse_errors_are_vietnamese():
    out = run("report")  # --unit is required
    assert out.returncode == 2
    assert "lỗi" in out.stderr and "Traceback" not in out.stderr

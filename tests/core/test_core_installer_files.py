"""The installer files that cannot run here stay in step with the Linux build.

The Windows installer (Inno Setup) and its workflow run only on Windows; these checks
run their inputs here: the PKCS#11 list is generated from signing/modules.py (one
source), and both builds use the same spec and the same PyInstaller range.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from signing.modules import KNOWN_MODULES

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def test_pkcs11_include_lists_every_windows_library(tmp_path):
    target = tmp_path / "pkcs11-modules.iss"
    subprocess.run([sys.executable, str(INSTALLER / "windows" / "pkcs11_iss.py"), str(target)],
                   check=True, capture_output=True)
    text = target.read_text(encoding="utf-8-sig")
    dlls = re.search(r'#define Pkcs11Dlls "([^"]*)"', text)
    vendors = re.search(r'#define Pkcs11Vendors "([^"]*)"', text)
    assert dlls and vendors
    expected = [dll for m in KNOWN_MODULES for dll in m.windows]
    assert dlls.group(1).split(";") == expected
    assert len(vendors.group(1).split(";")) == len(expected)
    assert {"vnptca_p11_v8.dll", "viettel-ca_v6.dll", "BkavCAv2S.dll"} <= set(expected)


def test_inno_script_uses_the_generated_list_and_the_pyinstaller_folder():
    iss = (INSTALLER / "windows" / "desk-app.iss").read_text(encoding="utf-8")
    assert "CANNOT RUN HERE" in iss
    assert '#include "..\\..\\build\\pkcs11-modules.iss"' in iss
    assert "{#Pkcs11Dlls}" in iss and "{#Pkcs11Vendors}" in iss
    assert 'Source: "..\\..\\dist\\desk-app\\*"' in iss


def test_both_builds_use_one_spec_and_one_pyinstaller_range():
    build_sh = (INSTALLER / "build.sh").read_text()
    workflow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text()
    spec_range = re.search(r'PYINSTALLER_SPEC="([^"]+)"', build_sh)
    assert spec_range
    assert f'"{spec_range.group(1)}"' in workflow
    assert "installer/desk-app.spec" in build_sh and "installer\\desk-app.spec" in workflow
    assert "cannot run" in workflow.lower()
    # never the test extra in a release build
    assert "[test]" not in build_sh and "[test]" not in workflow


def test_desktop_entry_and_package_scripts():
    entry = (INSTALLER / "linux" / "desk-app.desktop").read_text(encoding="utf-8")
    assert "Exec=desk-app" in entry and "Icon=desk-app" in entry
    control = (INSTALLER / "linux" / "control").read_text(encoding="utf-8")
    for package in ("libxcb-icccm4", "libxcb-keysyms1", "libxcb-cursor0", "fonts-dejavu-core"):
        assert package in control
    for script in ("postinst", "postrm"):
        path = INSTALLER / "linux" / script
        assert path.stat().st_mode & 0o111, f"{script} must be executable"
        subprocess.run(["sh", "-n", str(path)], check=True)

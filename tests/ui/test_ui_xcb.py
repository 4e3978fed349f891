"""The demo opens a real X11 window (Qt's xcb platform), as on an office desktop.

Issue 14: on a fresh Debian machine the README's demo aborted under a real display
because libxcb-icccm4/libxcb-keysyms1 were missing, while the offscreen tests passed.
This starts Xvfb on a display it picks itself (-displayfd), runs `desk-app demo
--screenshot` with QT_QPA_PLATFORM=xcb (no offscreen fallback), and looks at the PNG.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageStat

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


@pytest.fixture
def xvfb_display():
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    try:
        deadline = time.monotonic() + 30
        number = b""
        # Xvfb writes the display number once it accepts clients.
        while not number.endswith(b"\n"):
            assert time.monotonic() < deadline, "Xvfb did not start"
            chunk = os.read(read_fd, 16)
            if not chunk:
                raise AssertionError(f"Xvfb exited: {proc.stderr.read().decode()[-500:]}")
            number += chunk
        yield f":{number.decode().strip()}"
    finally:
        os.close(read_fd)
        proc.terminate()
        proc.wait(timeout=10)


def test_demo_window_on_a_real_x_display(xvfb_display, tmp_path):
    shot = tmp_path / "xcb.png"
    env = {**os.environ, "DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb",
           "QT_DEBUG_PLUGINS": "0", "HOME": str(tmp_path)}
    env.pop("WAYLAND_DISPLAY", None)
    out = subprocess.run(
        [sys.executable, "-m", "desk_app.cli", "demo", "--screenshot", str(shot),
         "--data", str(tmp_path / "data")],
        capture_output=True, text=True, env=env, timeout=240, check=False)
    assert "could not load the qt platform plugin" not in out.stderr.lower(), out.stderr[-2000:]
    assert out.returncode == 0, out.stderr[-2000:]
    assert Path(shot).exists()
    image = Image.open(shot).convert("L")
    assert image.width >= 1366 and image.height >= 700, image.size
    # a real window with widgets and text, not a blank or black grab
    assert ImageStat.Stat(image).stddev[0] > 10
    assert ImageStat.Stat(image.crop((0, 0, image.width, 40))).stddev[0] > 10

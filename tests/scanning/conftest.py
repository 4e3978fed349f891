"""Fixtures for the scanning tests: SANE's real `test` back end, generated pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scanning.testpages import text_page

# test.conf values that make the `test` back end fast and predictable: gray, 8 bit,
# an 80 × 100 mm scan area, and a picture with something on it.
TEST_CONF = """\
number_of_devices 2
mode Gray
depth 8
resolution 50.0
test-picture "Grid"
read-limit false
read-delay false
read-status-code "Default"
br_x 80.0
br_y 100.0
"""


@pytest.fixture(scope="session")
def sane_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SANE_CONFIG_DIR whose dll.conf names only `test`."""
    pytest.importorskip("sane")
    folder = tmp_path_factory.mktemp("sane-config")
    (folder / "dll.conf").write_text("test\n")
    (folder / "test.conf").write_text(TEST_CONF)
    old = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("SANE_CONFIG_DIR", None)
    else:
        os.environ["SANE_CONFIG_DIR"] = old


@pytest.fixture
def sane_backend(sane_config: Path):
    from scanning.backends.sane_backend import SaneBackend

    # The test back end keeps option values between opens: start each test clean.
    backend = SaneBackend({"read-return-value": "Default", "test-picture": "Grid"})
    ok, why = backend.is_usable()
    if not ok:
        pytest.skip(why)
    return backend


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def render_pdf(path: Path, dpi: int, tmp: Path, gray: bool = True) -> list[np.ndarray]:
    """The pages of a PDF as pdftoppm draws them."""
    prefix = tmp / f"render-{path.stem}"
    args = ["pdftoppm", "-r", str(dpi), "-png"] + (["-gray"] if gray else [])
    subprocess.run([*args, str(path), str(prefix)], check=True)
    files = sorted(tmp.glob(f"{prefix.name}-*.png"))
    return [np.asarray(Image.open(f)) for f in files]


@pytest.fixture(scope="session")
def poppler() -> None:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")


@pytest.fixture(scope="session")
def page_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A few generated pages saved as files (200 dpi to stay quick)."""
    folder = tmp_path_factory.mktemp("pages")
    out: dict[str, Path] = {}
    for name, kwargs in {
        "text_gray": dict(seed=11, noise=5, specks=100, skew=1.2),
        "text_color": dict(seed=12, color=True, seal=True, noise=4),
        "blank_back": dict(seed=13, blank=True, bleed_through=True, noise=6, specks=200),
    }.items():
        page = text_page(dpi=200, **kwargs)  # type: ignore[arg-type]
        path = folder / f"{name}.png"
        page.pil().save(path, dpi=(200, 200))
        out[name] = path
    return out

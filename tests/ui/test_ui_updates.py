"""Updates in the application, against the real portal stub: a signed newer build is
downloaded in the background and offered; accepted, it is launched at the next start
(the installer itself cannot run here: the launch is recorded); a tampered build is
refused with the reason; an older one is not offered."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app import updates
from server_stub.releases import publish
from ui import updates as ui_updates

INSTALLED = "0.1.0"


@pytest.fixture
def key(monkeypatch):
    k = Ed25519PrivateKey.generate()
    raw = k.public_key().public_bytes(serialization.Encoding.Raw,
                                      serialization.PublicFormat.Raw)
    monkeypatch.setattr(updates, "TRUSTED_PUBLIC_KEY", base64.b64encode(raw).decode())
    monkeypatch.setattr(updates, "platform_tag", lambda *a: "linux-amd64")
    return k


@pytest.fixture
def release_portal(tmp_path):
    from server_stub.testing import run_portal

    with run_portal(seed=None) as running:
        running.app.state.releases_dir = tmp_path / "releases"
        yield running


def _publish(portal, tmp_path, key, version, payload=None):
    build = tmp_path / f"desk-app_{version}_amd64.deb"
    build.write_bytes(payload or f"build {version}".encode() * 5000)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return publish(portal.app.state.releases_dir, build, version, "linux-amd64", pem)


def _checker(qtbot, portal, data):
    checker = ui_updates.UpdateChecker(lambda: portal.base_url, ui_updates.staging_dir(data),
                                       installed=INSTALLED)
    return checker


def test_newer_build_is_offered_and_installed_at_next_start(qtbot, tmp_path, key,
                                                            release_portal):
    _publish(release_portal, tmp_path, key, "0.2.0")
    data = tmp_path / "data"
    checker = _checker(qtbot, release_portal, data)
    with qtbot.waitSignal(checker.offered, timeout=30_000) as offered:
        checker.check()
    staged = offered.args[0]
    assert staged.version == "0.2.0" and staged.path.is_file()
    box = checker.offer_box
    assert box is not None and "0.2.0" in box.text() and "khởi động lại" in box.text()
    install = next(b for b in box.buttons() if b.text() == "Cài đặt khi khởi động lại")
    with qtbot.waitSignal(checker.accepted, timeout=5_000):
        install.click()
    box.close()
    launched: list[list[str]] = []
    assert ui_updates.install_at_start(data, installed=INSTALLED, launch=launched.append)
    assert launched == [["pkexec", "apt-get", "install", "-y", str(staged.path)]]
    # One attempt only: the next start does not launch it again.
    assert not ui_updates.install_at_start(data, installed=INSTALLED, launch=launched.append)
    assert len(launched) == 1


def test_declined_offer_installs_nothing(qtbot, tmp_path, key, release_portal):
    _publish(release_portal, tmp_path, key, "0.2.0")
    data = tmp_path / "data"
    checker = _checker(qtbot, release_portal, data)
    with qtbot.waitSignal(checker.offered, timeout=30_000):
        checker.check()
    later = next(b for b in checker.offer_box.buttons() if b.text() == "Để sau")
    later.click()
    assert not ui_updates.install_at_start(data, installed=INSTALLED, launch=pytest.fail)


def test_tampered_build_is_refused_with_the_reason(qtbot, tmp_path, key, release_portal):
    manifest = _publish(release_portal, tmp_path, key, "0.2.0")
    name = manifest["url"].rsplit("/", 1)[-1]
    (release_portal.app.state.releases_dir / "files" / name).write_bytes(b"another build")
    checker = _checker(qtbot, release_portal, tmp_path / "data")
    with qtbot.waitSignal(checker.refused, timeout=30_000) as refused:
        checker.check()
    assert "không khớp mã băm" in refused.args[0]
    assert checker.refusal_box is not None and checker.refusal_box.text() == refused.args[0]
    checker.refusal_box.close()
    assert checker.offer_box is None


def test_older_build_is_not_offered(qtbot, tmp_path, key, release_portal):
    _publish(release_portal, tmp_path, key, "0.0.9")
    checker = _checker(qtbot, release_portal, tmp_path / "data")
    seen: list[object] = []
    checker.offered.connect(seen.append)
    checker.refused.connect(seen.append)
    checker.check()
    qtbot.waitUntil(lambda: checker.checks_done == 1, timeout=30_000)
    assert seen == [] and checker.offer_box is None


def test_staged_build_already_running_is_dropped(qtbot, tmp_path, key, release_portal):
    _publish(release_portal, tmp_path, key, "0.2.0")
    data = tmp_path / "data"
    checker = _checker(qtbot, release_portal, data)
    with qtbot.waitSignal(checker.offered, timeout=30_000) as offered:
        checker.check()
    checker.accept(offered.args[0])
    checker.offer_box.close()
    # Installed by hand meanwhile: nothing to launch, and the download is cleaned up.
    assert not ui_updates.install_at_start(data, installed="0.2.0", launch=pytest.fail)
    assert not ui_updates.staging_dir(data).exists()


def test_checks_at_start_then_daily(qtbot, tmp_path, key, release_portal):
    checker = _checker(qtbot, release_portal, tmp_path / "data")
    checker.start()
    assert checker.timer.isActive() and checker.timer.interval() == 24 * 3600 * 1000
    qtbot.waitUntil(lambda: checker.checks_done == 1, timeout=30_000)  # at once
    assert checker.offer_box is None  # the portal has no release yet
    checker.timer.stop()

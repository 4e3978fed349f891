"""Signed updates against the real portal stub on a loopback port: a good build is staged
for the next start; an unsigned, re-signed, altered, corrupted or older one never is."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desk_app import updates
from desk_app.updates import UpdateRefused
from server_stub.releases import publish

PLATFORM = "linux-amd64"
INSTALLED = "0.1.0"


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _pub(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


@pytest.fixture(scope="module")
def release_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(autouse=True)
def trust_test_key(monkeypatch: pytest.MonkeyPatch, release_key: Ed25519PrivateKey) -> None:
    # The real release key's private half is not in the repository: trust a test pair.
    monkeypatch.setattr(updates, "TRUSTED_PUBLIC_KEY", _pub(release_key))


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from server_stub.testing import run_portal

    with run_portal(seed=None) as running:
        running.app.state.releases_dir = tmp_path_factory.mktemp("releases")
        yield running


@pytest.fixture
def releases(portal: Any) -> Path:
    folder = Path(portal.app.state.releases_dir)
    for old in folder.glob("*.json"):
        old.unlink()
    return folder


def _build(tmp_path: Path, version: str, size: int = 300_000) -> Path:
    path = tmp_path / f"desk-app_{version}_amd64.deb"
    path.write_bytes((f"build {version}\n".encode() * (size // 12 + 1))[:size])
    return path


def _published(releases: Path, tmp_path: Path, key: Ed25519PrivateKey,
               version: str = "0.2.0") -> dict[str, str]:
    return publish(releases, _build(tmp_path, version), version, PLATFORM, _pem(key))


def _rewrite(releases: Path, manifest: dict[str, str]) -> None:
    (releases / f"{PLATFORM}.json").write_text(json.dumps(manifest), encoding="utf-8")


def _check(portal: Any) -> updates.Manifest | None:
    return updates.check(portal.base_url, installed=INSTALLED, platform=PLATFORM)


def test_good_release_is_downloaded_checked_and_staged(portal: Any, releases: Path,
                                                       tmp_path: Path,
                                                       release_key: Ed25519PrivateKey) -> None:
    _published(releases, tmp_path, release_key)
    manifest = _check(portal)
    assert manifest is not None and manifest.version == "0.2.0"
    seen: list[tuple[int, int]] = []
    staging = tmp_path / "staging"
    staged = updates.download(manifest, portal.base_url, staging,
                              progress=lambda d, t: seen.append((d, t)))
    assert staged.path.read_bytes() == (tmp_path / "desk-app_0.2.0_amd64.deb").read_bytes()
    assert seen[-1] == (300_000, 300_000)
    assert not list(staging.glob("*.part"))
    again = updates.pending(staging, installed=INSTALLED, platform=PLATFORM)
    assert again is not None and again.version == "0.2.0"
    assert updates.install_command(again, "linux")[-1] == str(staged.path)
    assert updates.install_command(again, "win32")[1] == "/SILENT"
    # Once that version runs, the staged file is stale and is dropped at start.
    assert updates.pending(staging, installed="0.2.0", platform=PLATFORM) is None
    assert not staging.exists()


def test_no_release_means_nothing_to_offer(portal: Any, releases: Path) -> None:
    assert _check(portal) is None


def test_tampered_manifest_is_refused(portal: Any, releases: Path, tmp_path: Path,
                                      release_key: Ed25519PrivateKey) -> None:
    manifest = _published(releases, tmp_path, release_key)
    # Someone points the signed manifest at another build, keeping the signature.
    _rewrite(releases, {**manifest, "sha256": "0" * 64})
    with pytest.raises(UpdateRefused) as refused:
        _check(portal)
    assert refused.value.code == "bad_signature"
    assert "Chữ ký của bản cập nhật không hợp lệ" in refused.value.vi


def test_manifest_signed_by_another_key_is_refused(portal: Any, releases: Path,
                                                   tmp_path: Path) -> None:
    _published(releases, tmp_path, Ed25519PrivateKey.generate())
    with pytest.raises(UpdateRefused) as refused:
        _check(portal)
    assert refused.value.code == "bad_signature"


def test_unsigned_manifest_is_refused(portal: Any, releases: Path, tmp_path: Path,
                                      release_key: Ed25519PrivateKey) -> None:
    manifest = _published(releases, tmp_path, release_key)
    _rewrite(releases, {k: v for k, v in manifest.items() if k != "signature"})
    with pytest.raises(UpdateRefused) as refused:
        _check(portal)
    assert refused.value.code == "unsigned"
    assert "không có chữ ký số" in refused.value.vi


def test_tampered_build_file_is_refused_and_deleted(portal: Any, releases: Path,
                                                    tmp_path: Path,
                                                    release_key: Ed25519PrivateKey) -> None:
    manifest = _check_after(_published(releases, tmp_path, release_key), portal)
    # The signed manifest is intact; the file on the server was replaced.
    (releases / "files" / manifest.filename).write_bytes(b"MZ not the signed build")
    staging = tmp_path / "staging"
    with pytest.raises(UpdateRefused) as refused:
        updates.download(manifest, portal.base_url, staging)
    assert refused.value.code == "hash_mismatch"
    assert "không khớp mã băm" in refused.value.vi
    assert not any(staging.iterdir())
    assert updates.pending(staging, installed=INSTALLED, platform=PLATFORM) is None


def _check_after(_manifest: dict[str, str], portal: Any) -> updates.Manifest:
    found = _check(portal)
    assert found is not None
    return found


def test_downgrade_is_never_offered(portal: Any, releases: Path, tmp_path: Path,
                                    release_key: Ed25519PrivateKey) -> None:
    manifest = _published(releases, tmp_path, release_key, version="0.0.9")
    assert _check(portal) is None  # a properly signed older build: nothing to offer
    with pytest.raises(UpdateRefused) as refused:
        updates.verify_manifest(manifest, installed=INSTALLED, platform=PLATFORM)
    assert refused.value.code == "not_newer"
    assert "không cài bản cũ hơn hoặc bằng" in refused.value.vi
    same = _published(releases, tmp_path, release_key, version=INSTALLED)
    with pytest.raises(UpdateRefused):
        updates.verify_manifest(same, installed=INSTALLED, platform=PLATFORM)


def test_other_platform_and_bad_versions_are_refused(release_key: Ed25519PrivateKey) -> None:
    fields = {"product": "desk-app", "platform": "windows-amd64", "version": "9.0",
              "url": "/x.exe", "sha256": "a" * 64}
    with pytest.raises(UpdateRefused) as refused:
        updates.verify_manifest(updates.sign_manifest(release_key, **fields),
                                installed=INSTALLED, platform=PLATFORM)
    assert refused.value.code == "wrong_platform"
    with pytest.raises(UpdateRefused) as refused:
        updates.verify_manifest(
            updates.sign_manifest(release_key, **{**fields, "platform": PLATFORM,
                                                  "version": "1.0rc1"}),
            installed=INSTALLED, platform=PLATFORM)
    assert refused.value.code == "bad_version"
    with pytest.raises(UpdateRefused) as refused:
        updates.verify_manifest(["not", "a", "manifest"], installed=INSTALLED)
    assert refused.value.code == "malformed"
    assert updates.parse_version("0.10") > updates.parse_version("0.9.9")


def test_staged_file_swapped_on_disk_is_discarded(portal: Any, releases: Path, tmp_path: Path,
                                                  release_key: Ed25519PrivateKey) -> None:
    manifest = _check_after(_published(releases, tmp_path, release_key), portal)
    staging = tmp_path / "staging"
    staged = updates.download(manifest, portal.base_url, staging)
    staged.path.write_bytes(b"swapped after download")
    assert updates.pending(staging, installed=INSTALLED, platform=PLATFORM) is None
    assert not staging.exists()


def test_portal_refuses_bad_release_requests(portal: Any, releases: Path) -> None:
    r = requests.get(portal.api_url + "/releases/files/..%2Fportal.sqlite3", timeout=10)
    assert r.status_code == 404
    r = requests.get(portal.api_url + "/releases/latest", params={"platform": "../x"},
                     timeout=10)
    assert r.status_code == 422 and r.json()["detail"]["vi"]


def test_built_in_key_is_a_real_ed25519_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    assert len(base64.b64decode(updates.TRUSTED_PUBLIC_KEY)) == 32
    updates.public_key()  # loads


def test_publish_command_signs_what_the_desk_accepts(tmp_path: Path,
                                                     release_key: Ed25519PrivateKey,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from server_stub.releases import main

    key = tmp_path / "release.pem"
    key.write_bytes(_pem(release_key))
    build = _build(tmp_path, "0.3.0", size=1000)
    assert main([str(tmp_path / "rel"), str(build), "0.3.0", PLATFORM, "--key", str(key)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert updates.verify_manifest(printed, installed=INSTALLED, platform=PLATFORM).version \
        == "0.3.0"
    assert (tmp_path / "rel" / "files" / build.name).read_bytes() == build.read_bytes()
    assert main([str(tmp_path / "rel"), str(tmp_path / "none.deb"), "0.3.0", PLATFORM,
                 "--key", str(key)]) == 1
    assert "Không phát hành được" in capsys.readouterr().err

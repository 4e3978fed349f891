"""Signed updates: check the portal's release manifest, download, stage, install at restart.

The portal serves one manifest per platform:

    {"product": "desk-app", "platform": "linux-amd64", "version": "0.2.0",
     "url": "/api/v1/releases/files/desk-app_0.2.0_amd64.deb", "sha256": "…",
     "signature": "<base64 Ed25519 over canonical_bytes(the other fields)>"}

Trust comes only from the public key built into this module, never from the portal:
a portal (or anyone between it and the desk) that serves another build cannot make
the desk install it. The desk refuses, and says why in Vietnamese, a manifest that
is unsigned, signed by another key, altered after signing, meant for another
product or platform, or not newer than the running version; and a download whose
SHA-256 is not the signed one. A verified download is staged; it is installed only
when the officer agrees, at the next start, so no dossier work is cut off mid-way.

No Qt here: ui/updates.py runs these steps on a background thread and asks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import platform as _platform
import re
import shutil
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desk_app.protocol import API_PREFIX

PRODUCT = "desk-app"
# The release key's public half (raw Ed25519, base64). The private half is kept by
# whoever signs releases, off this repository; tests swap in a key pair of their own.
TRUSTED_PUBLIC_KEY = "DgYT6LCs1Zy0pY/owaXDQqNf860u3QYY+p6qFBnLGGM="
SIGNED_FIELDS = ("product", "platform", "version", "url", "sha256")
MANIFEST_PATH = API_PREFIX + "/releases/latest"
PENDING_FILE = "pending.json"
CHUNK = 256 * 1024
MAX_MANIFEST = 64 * 1024


class UpdateRefused(Exception):
    """An update the desk will not install; `vi` says why, for the officer."""

    def __init__(self, code: str, vi: str, en: str = "") -> None:
        super().__init__(f"{code}: {en or vi}")
        self.code = code
        self.vi = vi
        self.en = en


@dataclass(frozen=True)
class Manifest:
    product: str
    platform: str
    version: str
    url: str
    sha256: str
    signature: str

    def signed_fields(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in SIGNED_FIELDS}

    @property
    def filename(self) -> str:
        name = self.url.rstrip("/").rsplit("/", 1)[-1]
        return name if _SAFE_NAME.fullmatch(name) else f"{PRODUCT}-{self.version}.bin"


@dataclass(frozen=True)
class StagedUpdate:
    version: str
    path: Path
    sha256: str


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,120}")
_VERSION = re.compile(r"\d+(\.\d+){0,3}")


def current_version() -> str:
    """The running build's version, as `desk-app --version` gives it. When it is unknown
    ("0+unknown") no update is installed: parse_version refuses it."""
    from desk_app.cli import version

    return version()


def platform_tag(system: str | None = None, machine: str | None = None) -> str:
    """'linux-amd64' or 'windows-amd64' (the names the release files use)."""
    system = (system or sys.platform).lower()
    machine = (machine or _platform.machine()).lower()
    os_name = "windows" if system.startswith("win") else (
        "macos" if system == "darwin" else "linux")
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64",
            "x86": "i386", "i686": "i386"}.get(machine, machine or "unknown")
    return f"{os_name}-{arch}"


def parse_version(text: str) -> tuple[int, ...]:
    """'1.2.10' → (1, 2, 10, 0); anything else (pre-releases included) is refused."""
    if not isinstance(text, str) or not _VERSION.fullmatch(text.strip()):
        raise UpdateRefused("bad_version", f"Số phiên bản không hợp lệ: {str(text)[:40]!r}.",
                            f"bad version {text!r}")
    parts = [int(p) for p in text.strip().split(".")]
    return tuple(parts + [0] * (4 - len(parts)))


def canonical_bytes(fields: Mapping[str, Any]) -> bytes:
    """What the signature covers: the signed fields as sorted compact UTF-8 JSON."""
    return json.dumps({k: str(fields[k]) for k in SIGNED_FIELDS}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def public_key(b64: str | None = None) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(b64 or TRUSTED_PUBLIC_KEY))


def sign_manifest(private_key: Ed25519PrivateKey, **fields: str) -> dict[str, str]:
    """For the release tooling (and tests): a manifest with its signature."""
    body = {k: str(fields[k]) for k in SIGNED_FIELDS}
    body["signature"] = base64.b64encode(private_key.sign(canonical_bytes(body))).decode()
    return body


def verify_manifest(
    raw: Any,
    *,
    installed: str | None = None,
    platform: str | None = None,
    key_b64: str | None = None,
) -> Manifest:
    """The manifest, if signed by the release key, for this product and platform, and newer
    than `installed`; otherwise UpdateRefused with the reason."""
    if not isinstance(raw, Mapping):
        raise UpdateRefused("malformed", "Thông tin bản cập nhật không đúng định dạng.",
                            "manifest is not an object")
    missing = [k for k in SIGNED_FIELDS if not isinstance(raw.get(k), str) or not raw.get(k)]
    if missing:
        raise UpdateRefused("malformed", "Thông tin bản cập nhật thiếu trường: "
                            + ", ".join(missing) + ".", f"missing {missing}")
    signature = raw.get("signature")
    if not isinstance(signature, str) or not signature.strip():
        raise UpdateRefused("unsigned", "Bản cập nhật không có chữ ký số của nhà phát triển; "
                            "không cài đặt.", "the manifest is not signed")
    try:
        sig = base64.b64decode(signature, validate=True)
        public_key(key_b64).verify(sig, canonical_bytes(raw))
    except (InvalidSignature, binascii.Error, ValueError):
        raise UpdateRefused("bad_signature", "Chữ ký của bản cập nhật không hợp lệ (bản cập "
                            "nhật bị sửa đổi hoặc không do nhà phát triển phát hành); không "
                            "cài đặt.", "signature does not verify") from None
    m = Manifest(**{k: str(raw[k]) for k in SIGNED_FIELDS}, signature=signature)
    if m.product != PRODUCT:
        raise UpdateRefused("wrong_product", f"Bản cập nhật dành cho sản phẩm khác "
                            f"({m.product[:40]}); không cài đặt.", f"product {m.product!r}")
    want = platform or platform_tag()
    if m.platform != want:
        raise UpdateRefused("wrong_platform", f"Bản cập nhật dành cho hệ điều hành khác "
                            f"({m.platform[:40]}, máy này là {want}); không cài đặt.",
                            f"platform {m.platform!r} is not {want!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", m.sha256):
        raise UpdateRefused("malformed", "Mã băm SHA-256 của bản cập nhật không hợp lệ.",
                            "bad sha256")
    have = installed or current_version()
    if parse_version(m.version) <= parse_version(have):
        raise UpdateRefused("not_newer", f"Bản {m.version} không mới hơn bản đang dùng "
                            f"({have}); không cài bản cũ hơn hoặc bằng.",
                            f"{m.version} is not newer than {have}")
    return m


# --- talking to the portal -------------------------------------------------------------


def fetch_manifest(portal_url: str, *, http: Any = None, verify: bool | str = True,
                   timeout: float = 10.0, platform: str | None = None) -> Any:
    """The portal's manifest for this platform as JSON (not yet trusted); None when the
    portal has no release for it."""
    import requests

    http = http or requests
    resp = http.get(portal_url.rstrip("/") + MANIFEST_PATH,
                    params={"platform": platform or platform_tag()},
                    timeout=timeout, verify=verify)
    if resp.status_code == 404:
        return None
    if resp.status_code != 200 or len(resp.content) > MAX_MANIFEST:
        raise UpdateRefused("portal", f"Cổng dịch vụ công trả lời mã {resp.status_code} khi "
                            "hỏi bản cập nhật.", f"HTTP {resp.status_code}")
    try:
        return resp.json()
    except ValueError:
        raise UpdateRefused("malformed", "Thông tin bản cập nhật không đúng định dạng.",
                            "not JSON") from None


def check(portal_url: str, **kw: Any) -> Manifest | None:
    """A verified, newer manifest, or None when there is nothing newer to offer."""
    installed = kw.pop("installed", None)
    key_b64 = kw.pop("key_b64", None)
    raw = fetch_manifest(portal_url, **kw)
    if raw is None:
        return None
    try:
        return verify_manifest(raw, installed=installed, platform=kw.get("platform"),
                               key_b64=key_b64)
    except UpdateRefused as exc:
        if exc.code == "not_newer":
            return None
        raise


def download(
    manifest: Manifest,
    portal_url: str,
    staging: Path,
    *,
    http: Any = None,
    verify: bool | str = True,
    timeout: float = 30.0,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> StagedUpdate:
    """Download to `staging`, check the signed SHA-256, and mark it pending for the
    next start. A file whose hash differs is deleted and refused."""
    import requests

    http = http or requests
    staging.mkdir(parents=True, exist_ok=True)
    url = urljoin(portal_url.rstrip("/") + "/", manifest.url)
    part = staging / (manifest.filename + ".part")
    digest = hashlib.sha256()
    done = 0
    try:
        with http.get(url, stream=True, timeout=timeout, verify=verify) as resp:
            if resp.status_code != 200:
                raise UpdateRefused("download", f"Không tải được bản cập nhật (mã "
                                    f"{resp.status_code}).", f"HTTP {resp.status_code}")
            total = int(resp.headers.get("Content-Length") or 0)
            with open(part, "wb") as out:
                for chunk in resp.iter_content(CHUNK):
                    if cancel is not None and cancel.is_set():
                        raise UpdateRefused("cancelled", "Đã huỷ tải bản cập nhật.",
                                            "cancelled")
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
        if digest.hexdigest() != manifest.sha256:
            raise UpdateRefused("hash_mismatch", "Tệp cập nhật tải về không khớp mã băm "
                                "SHA-256 đã ký (tệp bị hỏng hoặc bị thay thế); đã xoá, không "
                                "cài đặt.", "sha256 of the download does not match")
        final = staging / manifest.filename
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    _write_json(staging / PENDING_FILE, {"manifest": asdict(manifest), "file": final.name})
    return StagedUpdate(manifest.version, final, manifest.sha256)


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def pending(staging: Path, *, installed: str | None = None, platform: str | None = None,
            key_b64: str | None = None) -> StagedUpdate | None:
    """The staged update, checked again (signature, newer, hash) at start; a stale or
    altered one is discarded, so a file swapped on disk is never installed."""
    marker = staging / PENDING_FILE
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        m = verify_manifest(data["manifest"], installed=installed, platform=platform,
                            key_b64=key_b64)
        path = staging / m.filename
        if data.get("file") != path.name or _sha256_file(path) != m.sha256:
            raise UpdateRefused("hash_mismatch", "Tệp cập nhật đã tải bị thay đổi; đã xoá.",
                                "staged file changed")
    except (OSError, ValueError, KeyError, TypeError, UpdateRefused):
        discard(staging)
        return None
    return StagedUpdate(m.version, path, m.sha256)


def discard(staging: Path) -> None:
    """Forget whatever is staged (after installing, or when it went stale)."""
    if staging.is_dir():
        shutil.rmtree(staging, ignore_errors=True)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def install_command(staged: StagedUpdate, system: str | None = None) -> list[str]:
    """The installer to run for a staged build: the Inno Setup installer on Windows
    (it closes and restarts the app itself), the .deb through pkexec + apt on Linux."""
    system = (system or sys.platform).lower()
    path = str(staged.path)
    if system.startswith("win"):
        return [path, "/SILENT", "/SUPPRESSMSGBOXES", "/NORESTART"]
    if path.endswith(".deb"):
        return ["pkexec", "apt-get", "install", "-y", path]
    raise UpdateRefused("unsupported", "Máy này không tự cài được loại tệp cập nhật này; "
                        f"hãy nhờ quản trị viên cài {staged.path.name}.",
                        f"no installer for {staged.path.name}")

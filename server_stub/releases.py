"""The desk's release manifests and builds, served by the portal.

A releases folder holds one signed manifest per platform and the builds:

    <releases>/linux-amd64.json      {"product", "platform", "version", "url", "sha256",
                                      "signature"}  (desk_app.updates.sign_manifest)
    <releases>/files/desk-app_0.2.0_amd64.deb

The folder is `app.state.releases_dir` (tests set it) or $DESK_PORTAL_RELEASES.
No sign-in is asked: the manifest is public and its Ed25519 signature, checked by the
desk against the key built into it, is what makes a build trusted, not this portal.
The portal never signs; `publish` signs with a private key file kept off the portal.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from desk_app.protocol import API_PREFIX
from desk_app.updates import PRODUCT, sign_manifest
from server_stub.errors import PortalError

router = APIRouter()
ENV_VAR = "DESK_PORTAL_RELEASES"
_PLATFORM = re.compile(r"[a-z0-9]{1,16}-[a-z0-9_]{1,16}")
_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,120}")


def _folder(request: Request) -> Path | None:
    configured = getattr(request.app.state, "releases_dir", None) or os.environ.get(ENV_VAR)
    return Path(configured) if configured else None


def _none(platform: str) -> PortalError:
    return PortalError(404, "no_release", f"Chưa có bản phát hành cho {platform}",
                       f"No release for {platform}")


@router.get("/releases/latest", tags=["releases"],
            summary="Bản phát hành mới nhất của phần mềm Một cửa (đã ký) / signed manifest")
def latest(request: Request, platform: str = "linux-amd64") -> Any:
    if not _PLATFORM.fullmatch(platform):
        raise PortalError(422, "bad_request", "Tên nền tảng không hợp lệ", "bad platform")
    folder = _folder(request)
    manifest = folder / f"{platform}.json" if folder else None
    if manifest is None or not manifest.is_file():
        raise _none(platform)
    try:
        return json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _none(platform) from None


@router.get("/releases/files/{name}", tags=["releases"],
            summary="Tải bản cài đặt / download a build")
def build_file(request: Request, name: str) -> FileResponse:
    folder = _folder(request)
    path = folder / "files" / name if folder and _FILE.fullmatch(name) else None
    if path is None or not path.is_file():
        raise PortalError(404, "not_found", "Không có tệp cài đặt này", "No such build file")
    return FileResponse(path, media_type="application/octet-stream", filename=name)


def publish(folder: Path, build: Path, version: str, platform: str,
            private_key_pem: bytes) -> dict[str, str]:
    """Copy `build` into the releases folder and write its signed manifest (release
    tooling and tests; the private key stays with whoever publishes)."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(private_key_pem, password=None)
    files = folder / "files"
    files.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(build, files / build.name)
    manifest = sign_manifest(
        key,  # type: ignore[arg-type]
        product=PRODUCT, platform=platform, version=version,
        url=f"{API_PREFIX}/releases/files/{build.name}",
        sha256=hashlib.sha256(build.read_bytes()).hexdigest())
    (folder / f"{platform}.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    """python -m server_stub.releases FOLDER BUILD VERSION PLATFORM --key release.pem"""
    import argparse
    import sys

    p = argparse.ArgumentParser(
        prog="python -m server_stub.releases",
        description="Ký và đặt một bản cài đặt vào thư mục phát hành của Cổng (publish a "
                    "signed release)")
    p.add_argument("folder", type=Path, help="thư mục phát hành ($DESK_PORTAL_RELEASES)")
    p.add_argument("build", type=Path, help="tệp cài đặt (.deb hoặc .exe)")
    p.add_argument("version", help="số phiên bản, ví dụ 0.2.0")
    p.add_argument("platform", help="nền tảng, ví dụ linux-amd64 hoặc windows-amd64")
    p.add_argument("--key", type=Path, required=True,
                   help="khoá bí mật Ed25519 (PEM) của nhà phát triển; không để trên Cổng")
    args = p.parse_args(argv)
    try:
        manifest = publish(args.folder, args.build, args.version, args.platform,
                           args.key.read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        print(f"Không phát hành được: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Files addressed by their SHA-256: scans, drafts, signed results.

Written atomically (temporary file, fsync, rename) so a power cut never leaves a
half-written file under a valid name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from desk_app.domain import FileRef


class BlobStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def put_file(self, source: str | Path, media_type: str = "application/pdf",
                 pages: int = 0) -> FileRef:
        data = Path(source).read_bytes()
        return FileRef(sha256=self.put(data), filename=Path(source).name, media_type=media_type,
                       size=len(data), pages=pages)

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

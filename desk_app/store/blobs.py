"""Files addressed by their SHA-256: scans, drafts, signed results.

Written atomically (temporary file, fsync, rename) so a power cut never leaves a
half-written file under a valid name.

With a key (`Store.blob_key()`), each file is encrypted at rest with AES-256-GCM
(Decree 13/2023/NĐ-CP: citizens' scans are personal data): a fresh nonce per file, and
the plaintext's SHA-256 — the file's name — bound in as associated data, so a file
moved under another name fails to open rather than passing for it. Names stay the
plaintext's hash, so the portal and other desks address the same content the same way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desk_app.atomic import atomic_write
from desk_app.domain import FileRef

MAGIC = b"DKB1"  # encrypted blob, format 1: MAGIC, 12-byte nonce, ciphertext and tag
_NONCE = 12


class BlobUnreadable(RuntimeError):
    """A blob file that does not decrypt with this desk's key, or is damaged."""


class BlobStore:
    def __init__(self, root: str | Path, key: bytes | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._aead = AESGCM(key) if key is not None else None

    @property
    def encrypted(self) -> bool:
        return self._aead is not None

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 in hex: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def _seal(self, sha: str, data: bytes) -> bytes:
        if self._aead is None:
            return data
        nonce = os.urandom(_NONCE)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, sha.encode("ascii"))

    def _write(self, target: Path, body: bytes) -> None:
        atomic_write(target, body, prefix=".part-")

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():
            return sha
        self._write(target, self._seal(sha, data))
        return sha

    def put_file(self, source: str | Path, media_type: str = "application/pdf",
                 pages: int = 0) -> FileRef:
        data = Path(source).read_bytes()
        return FileRef(sha256=self.put(data), filename=Path(source).name, media_type=media_type,
                       size=len(data), pages=pages)

    def get(self, sha256: str) -> bytes:
        raw = self.path(sha256).read_bytes()
        if not raw.startswith(MAGIC):
            return raw  # written before encryption was turned on (see encrypt_existing)
        if self._aead is None:
            raise BlobUnreadable(
                "Tệp đính kèm đã được mã hóa nhưng dữ liệu đang mở không có khóa.")
        try:
            return self._aead.decrypt(raw[len(MAGIC):len(MAGIC) + _NONCE],
                                      raw[len(MAGIC) + _NONCE:], sha256.encode("ascii"))
        except InvalidTag:
            raise BlobUnreadable(
                f"Tệp đính kèm {sha256[:12]}… bị hỏng hoặc không thuộc máy này.") from None

    def files(self) -> list[Path]:
        return [p for p in self.root.glob("??/*") if p.is_file() and len(p.name) == 64]

    def encrypt_existing(self) -> int:
        """Encrypt files written in clear before the key existed; returns how many.
        Each is checked against its name before being replaced, atomically."""
        if self._aead is None:
            return 0
        done = 0
        for path in self.files():
            raw = path.read_bytes()
            if raw.startswith(MAGIC) or hashlib.sha256(raw).hexdigest() != path.name:
                continue  # already encrypted, or not what its name says: leave it be
            self._write(path, self._seal(path.name, raw))
            done += 1
        return done

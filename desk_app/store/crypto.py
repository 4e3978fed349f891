"""Keys of the desk's data at rest (Decree 13/2023/NĐ-CP on personal data).

A commune laptop holds names, ID numbers and scans of thousands of citizens, so the
store (SQLCipher) and the blob folder (AES-256-GCM per file) are encrypted with one
random 256-bit key per data folder:

- the key lives in the OS keyring (service `desk-app.store`, user = the store's id),
  never in a file or a log;
- beside the database, `<db>.key.json` holds the store's id and the same key wrapped
  with a recovery code (scrypt + AES-GCM). The code is shown once, when the key is
  made, for the unit's administrator to print and keep. With it,
  `desk-app store recover` puts the key back into the keyring of a new profile or a
  reinstalled machine, offline.

Blob files get their own key derived from the store key (HKDF), so a file and a
database page never share a key.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desk_app.atomic import atomic_write

KEYRING_SERVICE = "desk-app.store"
KEY_BYTES = 32
SIDECAR_SUFFIX = ".key.json"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # base32: no 0/1/8/9 to misread
_CODE_GROUPS, _CODE_GROUP = 6, 5  # 30 symbols × 5 bits = 150 bits

NO_KEY_VI = (
    "Không tìm thấy khóa giải mã dữ liệu của máy này trong kho khóa của hệ điều hành. "
    "Quản trị viên của đơn vị hãy khôi phục khóa bằng mã khôi phục đã in khi cài đặt: "
    "desk-app store recover --data <thư mục dữ liệu>."
)
WRONG_KEY_VI = (
    "Khóa giải mã không đúng với dữ liệu trên máy này; dữ liệu không mở được và vẫn được "
    "giữ nguyên. Quản trị viên hãy khôi phục khóa bằng mã khôi phục."
)
BAD_CODE_VI = "Mã khôi phục không đúng; khóa không được khôi phục. Hãy kiểm tra lại mã đã in."
NO_KEYRING_VI = (
    "Máy này không có kho khóa bảo mật của hệ điều hành (keyring) dùng được, nên không "
    "thể mã hóa dữ liệu công dân trên máy; hãy cài đặt kho khóa rồi mở lại phần mềm."
)


class StoreLockedError(RuntimeError):
    """The store cannot be opened: no key, a wrong key, a wrong recovery code."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.vi, self.en = vi, en


def sidecar_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + SIDECAR_SUFFIX)


def blob_key(store_key: bytes) -> bytes:
    """The blob folder's key, derived so that no key serves two purposes."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"desk-app blobs v1").derive(store_key)


def sqlcipher_key_pragma(key: bytes) -> str:
    """A raw key (no passphrase derivation: the key is already random)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a store key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


# --- recovery codes --------------------------------------------------------------------


def new_recovery_code() -> str:
    symbols = "".join(secrets.choice(_CODE_ALPHABET)
                      for _ in range(_CODE_GROUPS * _CODE_GROUP))
    return "-".join(symbols[i:i + _CODE_GROUP] for i in range(0, len(symbols), _CODE_GROUP))


def normalise_code(code: str) -> str:
    """What the administrator types: any case, spaces or dashes, 0/1/8 for O/I/B."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("018", "OIB"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _wrapping_key(code: str, salt: bytes, params: dict[str, int]) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=params["n"], r=params["r"],
                  p=params["p"]).derive(normalise_code(code).encode("ascii"))


def wrap_key(key: bytes, code: str, store_id: str) -> dict[str, Any]:
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapped = AESGCM(_wrapping_key(code, salt, _SCRYPT)).encrypt(
        nonce, key, store_id.encode())
    return {"kdf": "scrypt", **_SCRYPT, "salt": _b64(salt), "nonce": _b64(nonce),
            "wrapped": _b64(wrapped)}


def unwrap_key(recovery: dict[str, Any], code: str, store_id: str) -> bytes:
    from cryptography.exceptions import InvalidTag

    try:
        params = {k: int(recovery[k]) for k in ("n", "r", "p")}
        wk = _wrapping_key(code, _unb64(recovery["salt"]), params)
        return AESGCM(wk).decrypt(_unb64(recovery["nonce"]), _unb64(recovery["wrapped"]),
                                  store_id.encode())
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise StoreLockedError(BAD_CODE_VI, "wrong recovery code") from None


# --- the sidecar beside the database -------------------------------------------------------


@dataclass(frozen=True)
class KeyFile:
    """`<db>.key.json`: the store's id and its key wrapped by the recovery code. No secret
    in clear: without the code (or the keyring) it opens nothing."""

    store_id: str
    recovery: dict[str, Any]

    @classmethod
    def read(cls, db_path: str | Path) -> KeyFile | None:
        path = sidecar_path(db_path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(raw["store_id"]), dict(raw["recovery"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            raise StoreLockedError(
                f"Tệp khóa {path.name} bị hỏng; hãy khôi phục tệp này từ bản sao lưu.",
                "the key file is damaged") from None

    def write(self, db_path: str | Path) -> None:
        path = sidecar_path(db_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"format": 1, "store_id": self.store_id, "recovery": self.recovery},
                          indent=1).encode()
        atomic_write(path, body, prefix=".key-")


# --- the keyring ---------------------------------------------------------------------------


def _keyring_get(store_id: str) -> bytes | None:
    try:
        raw = keyring.get_password(KEYRING_SERVICE, store_id)
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        raise StoreLockedError(NO_KEYRING_VI, "no usable keyring") from None
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def _keyring_set(store_id: str, key: bytes) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, store_id, key.hex())
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        raise StoreLockedError(NO_KEYRING_VI, "no usable keyring") from None


def forget_key(db_path: str | Path) -> bool:
    """Remove the store's key from the keyring (remote wipe). True when one was there."""
    kf = KeyFile.read(db_path)
    if kf is None:
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, kf.store_id)
        return True
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError, OSError):
        return False


@dataclass(frozen=True)
class StoreKey:
    key: bytes
    store_id: str
    recovery_code: str | None = None  # only when just made: show it once, never keep it


def is_plain_sqlite(db_path: str | Path) -> bool:
    """An unencrypted SQLite file starts with its magic header; an SQLCipher one does not."""
    try:
        with open(db_path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except FileNotFoundError:
        return False


def load_key(db_path: str | Path) -> StoreKey:
    """The key of an existing encrypted store, from the keyring."""
    kf = KeyFile.read(db_path)
    if kf is None:
        raise StoreLockedError(
            NO_KEY_VI + " (Thiếu tệp khóa " + sidecar_path(db_path).name + ".)",
            "no key file beside the store")
    key = _keyring_get(kf.store_id)
    if key is None:
        raise StoreLockedError(NO_KEY_VI, "the store key is not in the keyring")
    return StoreKey(key, kf.store_id)


def ensure_key(db_path: str | Path) -> StoreKey:
    """The store's key; made (with its recovery code) when the folder has none yet."""
    path = Path(db_path)
    if KeyFile.read(path) is not None:
        return load_key(path)
    if path.exists() and path.stat().st_size and not is_plain_sqlite(path):
        # Encrypted data whose key file was lost: making a new key would lock it for good.
        raise StoreLockedError(
            NO_KEY_VI + " (Thiếu tệp khóa " + sidecar_path(path).name + ".)",
            "encrypted store without its key file")
    key, store_id, code = os.urandom(KEY_BYTES), str(uuid.uuid4()), new_recovery_code()
    _keyring_set(store_id, key)
    KeyFile(store_id, wrap_key(key, code, store_id)).write(path)
    return StoreKey(key, store_id, code)


def recover(db_path: str | Path, code: str) -> StoreKey:
    """Put the key back into the keyring from the printed recovery code (offline)."""
    kf = KeyFile.read(db_path)
    if kf is None:
        raise StoreLockedError(
            f"Không có tệp khóa {sidecar_path(db_path).name} bên cạnh dữ liệu; không khôi "
            "phục được.", "no key file beside the store")
    key = unwrap_key(kf.recovery, code, kf.store_id)
    _keyring_set(kf.store_id, key)
    return StoreKey(key, kf.store_id)


def new_code_for(db_path: str | Path, key: bytes) -> str:
    """Replace the recovery code (the old one was lost or seen): the key stays the same."""
    kf = KeyFile.read(db_path)
    if kf is None:
        raise StoreLockedError("Chưa có tệp khóa.", "no key file")
    code = new_recovery_code()
    KeyFile(kf.store_id, wrap_key(key, code, kf.store_id)).write(db_path)
    return code

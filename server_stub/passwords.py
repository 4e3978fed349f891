"""Slow password hashes and random bearer tokens, from the standard library only."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# scrypt with N=2^14, r=8: about 16 MiB and tens of milliseconds per guess.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        test = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                              r=int(r), p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(test.hex(), digest)


_DUMMY = hash_password("not a password", salt=b"\0" * 16)


def burn_time(password: str) -> None:
    """Spend a hash's time on an unknown account, so timing does not reveal which exist."""
    verify_password(password, _DUMMY)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 under a server secret: a short code cannot be brute-forced from a copy of
    the database without the key."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256: a stolen database holds no usable token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

"""The portal client: one requests session, timeouts, retries with backoff, TLS on.

Speaks `desk_app.protocol` (version 1). Every call either returns what the protocol
promises or raises a `sync.errors` exception with a Vietnamese message:
`PortalUnavailable` when the portal cannot be reached (the desk is offline),
`AuthError` when the officer must log in again, `PortalRefused` for a 4xx answer.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import random
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from desk_app.domain import ApplicantKind, Officer, Unit, officer_from_dict, to_dict, unit_from_dict
from desk_app.portal_clock import PortalClock
from desk_app.protocol import API_PREFIX, MAX_COMMANDS_PER_BATCH
from sync import logsafe
from sync.credentials import CredentialVault
from sync.errors import AuthError, PortalRefused, PortalUnavailable, ProtocolError, SyncError

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
UPLOAD_CHUNK = 4 * 1024 * 1024
RESUME_ABOVE = 256 * 1024  # smaller files are simply sent again

UNREACHABLE_VI = "Không kết nối được Cổng dịch vụ công; phần mềm tiếp tục làm việc ngoại tuyến."
SESSION_EXPIRED_VI = "Phiên đăng nhập đã hết hạn; hãy đăng nhập lại."


class InsecurePortalURL(SyncError):
    """The portal's address is plain http:// to another machine (or not a web address)."""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_portal_url(url: str) -> None:
    """https:// anywhere; plain http:// only to this machine (the embedded demo portal,
    tests): passwords and citizens' papers never cross a network unencrypted."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and host and _loopback(host):
        return
    raise InsecurePortalURL(
        "Địa chỉ Cổng phải bắt đầu bằng https:// (chỉ máy này mới được dùng http://)",
        f"the portal address must be https:// (plain http only for loopback): {url[:100]}",
        "insecure_url")


def _detail(resp: requests.Response) -> tuple[str, str, str]:
    """(code, vi, en) from a protocol error body, whatever shape it came in."""
    try:
        detail = resp.json().get("detail")
    except ValueError:
        detail = None
    if isinstance(detail, Mapping):
        return (str(detail.get("code") or ""), str(detail.get("vi") or ""),
                str(detail.get("en") or ""))
    text = str(detail) if detail else resp.reason or ""
    return "", "", text[:300]


@dataclass(frozen=True)
class CitizenAccount:
    account: str
    verified: bool
    initial_password: str = field(repr=False, default="")  # to hand over, never to log


class PortalClient:
    """One officer's connection to the portal."""

    def __init__(
        self,
        base_url: str,
        *,
        verify: bool | str = True,
        timeout: float = 10.0,
        keyring_service: str = "desk-app",
        retries: int = 4,
        backoff: float = 0.2,
        max_backoff: float = 3.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api = self.base_url + API_PREFIX
        self._url_error: InsecurePortalURL | None = None
        try:
            check_portal_url(self.base_url)
        except InsecurePortalURL as exc:  # raised by every request, shown where it is made
            self._url_error = exc
        self.verify = verify  # a CA bundle path, or True; never False outside tests
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.vault = CredentialVault(keyring_service)
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(pool_maxsize=4, max_retries=0))
        self.session.mount("https://", HTTPAdapter(pool_maxsize=4, max_retries=0))
        self.session.headers["User-Agent"] = "desk-app-sync/1"
        self._lock = threading.RLock()
        self._access: str | None = None
        self._refresh: str | None = None
        self.username: str | None = None
        self.officer: Officer | None = None
        self.unit: Unit | None = None
        self.online_login = False  # False when resumed offline from the keyring profile
        # The portal's time from each answer's Date header: actions are stamped with it.
        self.portal_clock = PortalClock()

    # --- transport -----------------------------------------------------------------

    @property
    def keyring_message_vi(self) -> str:
        return self.vault.message_vi

    def _sleep(self, attempt: int, resp: requests.Response | None) -> None:
        delay = min(self.max_backoff, self.backoff * (2 ** attempt))
        if resp is not None and resp.headers.get("Retry-After", "").isdigit():
            delay = min(self.max_backoff, float(resp.headers["Retry-After"]))
        time.sleep(delay * random.uniform(0.5, 1.0))

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: bytes | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry_statuses: frozenset[int] = RETRY_STATUSES,
    ) -> requests.Response:
        """Send with retries; returns any non-retryable answer (the caller judges it)."""
        if self._url_error is not None:
            raise self._url_error
        url = self.api + path
        refreshed = False
        last: str = ""
        attempt = 0
        while attempt <= self.retries:
            h = dict(headers or {})
            if auth:
                h["Authorization"] = "Bearer " + self._token()
            sent = self.portal_clock.local()
            try:
                resp = self.session.request(
                    method, url, json=json, data=data, params=params, headers=h,
                    timeout=(min(self.timeout, 5.0), self.timeout), verify=self.verify)
                self.portal_clock.observe(resp.headers.get("Date"), sent,
                                          self.portal_clock.local())
            except requests.exceptions.SSLError as exc:
                # A certificate problem never goes away by retrying; never fall back.
                raise PortalUnavailable(
                    "Chứng chỉ bảo mật (TLS) của Cổng dịch vụ công không hợp lệ; "
                    "không gửi dữ liệu.", f"TLS verification failed: {type(exc).__name__}",
                    "tls") from None
            except (requests.ConnectionError, requests.Timeout) as exc:
                last = type(exc).__name__
                log.info("%s %s failed (%s), attempt %d", method, path, last, attempt + 1)
            else:
                if resp.status_code == 401 and auth and not refreshed and self._refresh:
                    refreshed = True
                    self._do_refresh()
                    continue
                if resp.status_code not in retry_statuses:
                    return resp
                last = f"HTTP {resp.status_code}"
                log.info("%s %s answered %s, attempt %d", method, path, last, attempt + 1)
                if attempt < self.retries:
                    self._sleep(attempt, resp)
                attempt += 1
                continue
            if attempt < self.retries:
                self._sleep(attempt, None)
            attempt += 1
        raise PortalUnavailable(UNREACHABLE_VI, f"{method} {path}: {last}", "unreachable")

    def _json(self, resp: requests.Response, ok: Sequence[int] = (200,)) -> Any:
        if resp.status_code in ok:
            try:
                return resp.json()
            except ValueError:
                raise ProtocolError("Cổng dịch vụ công trả lời không đúng định dạng.",
                                    f"not JSON from {resp.url}") from None
        code, vi, en = _detail(resp)
        if resp.status_code in (401, 403):
            raise AuthError(vi or SESSION_EXPIRED_VI, en or f"HTTP {resp.status_code}",
                            code or "auth")
        raise PortalRefused(vi or f"Cổng dịch vụ công từ chối yêu cầu (mã {resp.status_code}).",
                            en, code, resp.status_code)

    # --- officers --------------------------------------------------------------------

    def _token(self) -> str:
        with self._lock:
            if self._access is None:
                if not self._refresh:
                    raise AuthError(SESSION_EXPIRED_VI, "not logged in", "not_logged_in")
                self._do_refresh()
            assert self._access is not None
            return self._access

    def _accept(self, body: Mapping[str, Any], username: str) -> Officer:
        try:
            officer = officer_from_dict(body["officer"])
            unit = unit_from_dict(body["unit"])
            access, refresh = body["access_token"], body["refresh_token"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ProtocolError("Cổng dịch vụ công trả lời đăng nhập không đúng định dạng.",
                                f"bad token answer: {exc!r}") from None
        with self._lock:
            logsafe.forget_secret(self._access)
            logsafe.forget_secret(self._refresh)
            logsafe.register_secret(access)
            logsafe.register_secret(refresh)
            self._access, self._refresh = access, refresh
            self.username, self.officer, self.unit = username, officer, unit
            self.online_login = True
        self.vault.save(username, refresh, {"officer": to_dict(officer), "unit": to_dict(unit)})
        return officer

    def login(self, username: str, password: str) -> Officer:
        """Log in with a password; the refresh credential goes to the OS keyring."""
        logsafe.register_secret(password)
        try:
            resp = self.request("POST", "/auth/token", auth=False,
                                json={"username": username, "password": password},
                                retry_statuses=RETRY_STATUSES - {429})
        finally:
            logsafe.forget_secret(password)
        if resp.status_code == 429:
            raise AuthError("Đăng nhập sai nhiều lần; hãy chờ một lát rồi thử lại.",
                            "too many attempts", "too_many_attempts")
        if resp.status_code in (400, 401, 403, 422):
            code, vi, en = _detail(resp)
            raise AuthError(vi or "Tên đăng nhập hoặc mật khẩu không đúng.",
                            en or "bad credentials", code or "bad_credentials")
        officer = self._accept(self._json(resp), username)
        log.info("officer %s logged in", username)
        return officer

    def _do_refresh(self) -> None:
        with self._lock:
            refresh, username = self._refresh, self.username
            if not refresh or not username:
                raise AuthError(SESSION_EXPIRED_VI, "no refresh credential", "not_logged_in")
            resp = self.request("POST", "/auth/refresh", auth=False,
                                json={"refresh_token": refresh},
                                retry_statuses=RETRY_STATUSES - {429})
            if resp.status_code in (400, 401, 403):
                self._access = self._refresh = None
                self.vault.forget(username)
                code, vi, en = _detail(resp)
                raise AuthError(vi or SESSION_EXPIRED_VI, en or "refresh refused",
                                code or "refresh_refused")
            self._accept(self._json(resp), username)

    def resume(self, username: str) -> Officer | None:
        """Log back in from the keyring credential; None when the officer must log in.

        Offline, the officer profile kept beside the credential lets the desk work on
        (the portal checks the credential at the next sync).
        """
        refresh = self.vault.refresh_token(username)
        if not refresh:
            return None
        with self._lock:
            self._refresh, self._access, self.username = refresh, None, username
            logsafe.register_secret(refresh)
        try:
            self._do_refresh()
        except AuthError:
            return None
        except PortalUnavailable:
            profile = self.vault.profile(username)
            if not profile:
                return None
            self.officer = officer_from_dict(profile["officer"])
            self.unit = unit_from_dict(profile["unit"])
            self.online_login = False
            log.info("officer %s resumed offline", username)
        return self.officer

    def logout(self) -> None:
        """Forget the credential here and revoke the session at the portal if reachable."""
        if self._access and self._url_error is None:
            with contextlib.suppress(requests.RequestException):  # offline: it expires
                self.session.post(self.api + "/auth/logout", timeout=(2.0, 3.0),
                                  verify=self.verify,
                                  headers={"Authorization": "Bearer " + self._access})
        with self._lock:
            if self.username:
                self.vault.forget(self.username)
            logsafe.forget_secret(self._access)
            logsafe.forget_secret(self._refresh)
            self._access = self._refresh = None
            self.username = self.officer = self.unit = None

    def adopt(self, access_token: str, officer: Officer, unit: Unit) -> None:
        """Use an access token obtained elsewhere (a helper process of the same desk)."""
        logsafe.register_secret(access_token)
        with self._lock:
            self._access, self.officer, self.unit = access_token, officer, unit
            self.username = officer.username

    @property
    def access_token(self) -> str | None:
        return self._access

    # --- change feed, commands, leases ----------------------------------------------

    def changes(self, since: int = 0, limit: int = 500) -> dict[str, Any]:
        return self.changes_raw(since, limit)[0]

    def changes_raw(self, since: int = 0, limit: int = 500) -> tuple[dict[str, Any], bytes]:
        """A page of the change feed, and its body as received."""
        resp = self.request("GET", "/changes", params={"since": since, "limit": limit})
        page = self._json(resp)
        if not isinstance(page, dict) or "changes" not in page or "next" not in page:
            raise ProtocolError("Cổng dịch vụ công trả lời không đúng định dạng.",
                                "bad change page")
        return page, resp.content

    def push_commands(self, commands: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        if len(commands) > MAX_COMMANDS_PER_BATCH:
            raise ValueError(f"at most {MAX_COMMANDS_PER_BATCH} commands per batch")
        body = self._json(self.request("POST", "/commands", json={"commands": list(commands)}))
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list) or len(results) != len(commands) or any(
            r.get("client_id") != c["client_id"] for r, c in zip(results, commands, strict=False)
        ):
            raise ProtocolError("Cổng dịch vụ công trả lời không khớp các lệnh đã gửi.",
                                "results do not match the commands sent")
        return results

    def officers(self) -> list[dict[str, Any]]:
        """The caller's unit's officers: username, full_name, title, roles."""
        body = self._json(self.request("GET", "/officers"))
        people = body.get("officers") if isinstance(body, dict) else None
        if not isinstance(people, list):
            raise ProtocolError("Cổng dịch vụ công trả lời không đúng định dạng.",
                                "bad officer directory")
        return [p for p in people if isinstance(p, dict) and p.get("username")]

    def lease(self, kind: str, period: str, count: int) -> dict[str, Any]:
        return self._json(self.request("POST", "/leases",
                                       json={"kind": kind, "period": period, "count": count}))

    # --- walk-in applicants ----------------------------------------------------------

    def create_citizen_account(
        self,
        *,
        email: str,
        full_name: str,
        phone: str = "",
        id_number: str = "",
        address: str = "",
        kind: ApplicantKind | str = ApplicantKind.CITIZEN,
        password: str = "",
    ) -> CitizenAccount:
        """Art. 12.1.b: open a portal account for an applicant at the counter (online only).

        Without `password` the portal issues a first password to hand to the applicant.
        """
        body: dict[str, Any] = {"email": email, "full_name": full_name, "phone": phone,
                                "id_number": id_number, "address": address,
                                "kind": ApplicantKind(kind).value}
        if password:
            logsafe.register_secret(password)
            body["password"] = password
        answer = self._json(self.request("POST", "/citizen/accounts", json=body), (200, 201))
        initial = str(answer.get("initial_password") or password)
        logsafe.register_secret(initial)
        return CitizenAccount(account=str(answer.get("account", email)),
                              verified=bool(answer.get("verified", False)),
                              initial_password=initial)

    # --- blobs -----------------------------------------------------------------------

    def has_blob(self, sha256: str) -> bool:
        resp = self.request("HEAD", f"/blobs/{sha256}")
        if resp.status_code in (200, 404):
            return resp.status_code == 200
        self._json(resp)
        return False

    def upload_blob(self, sha256: str, data: bytes) -> None:
        """Upload, resuming after what the portal already holds of a partial upload.

        A small file goes up in one request (the portal answers 201 at once when it
        has it already); a large one first asks how much of it the portal holds.
        """
        offset = 0
        if len(data) > RESUME_ABOVE:
            state = self._json(self.request("GET", f"/blobs/{sha256}/upload"))
            if state.get("complete"):
                return
            offset = int(state.get("received") or 0)
            offset = offset if 0 <= offset <= len(data) else 0
        for _ in range(len(data) // UPLOAD_CHUNK + 8):
            chunk = data[offset:offset + UPLOAD_CHUNK]
            resp = self.request("PUT", f"/blobs/{sha256}", data=chunk, headers={
                "Upload-Offset": str(offset), "Upload-Length": str(len(data)),
                "Content-Type": "application/octet-stream"})
            if resp.status_code in (200, 201):
                return
            if resp.status_code == 202:
                received = int(self._json(resp, (202,)).get("received", 0))
                if received <= offset and chunk:
                    break
                offset = received
            elif resp.status_code == 409:  # the portal holds more (or less): resume there
                held = resp.headers.get("Upload-Offset", "")
                offset = int(held) if held.isdigit() else int(self._json(self.request(
                    "GET", f"/blobs/{sha256}/upload")).get("received") or 0)
            else:
                code, _vi, en = _detail(resp)
                if resp.status_code == 422 or code == "hash_mismatch":
                    raise PortalRefused("Tệp tải lên bị hỏng (mã băm không khớp).",
                                        en or f"hash mismatch for {sha256}", "hash_mismatch",
                                        resp.status_code)
                self._json(resp)
        raise ProtocolError("Tải tệp lên Cổng không tiến triển.",
                            f"upload of {sha256} made no progress")

    def download_blob(self, sha256: str) -> bytes:
        resp = self.request("GET", f"/blobs/{sha256}")
        if resp.status_code != 200:
            self._json(resp)
        return resp.content

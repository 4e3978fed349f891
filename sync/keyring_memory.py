"""A keyring back end that keeps secrets in this process only: for the demo and the
tests (`PYTHON_KEYRING_BACKEND=sync.keyring_memory.MemoryKeyring`), so they never
touch the officer's real keychain."""

from __future__ import annotations

import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        # As real back ends do: deleting what is not there is an error the caller handles.
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)

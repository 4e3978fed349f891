"""The portal client: change-feed pull, outbox push, blobs, connectivity state.

Public API (no Qt here; run `SyncEngine.sync_once` on a worker thread):

- `sync.client.PortalClient(base_url, *, verify=True, timeout=10.0,
  keyring_service="desk-app")`: `login`, `resume`, `logout`, `officer`, `unit`,
  `keyring_message_vi`, `create_citizen_account`, and the protocol's calls
  (`changes`, `push_commands`, `lease`, `has_blob`, `upload_blob`, `download_blob`).
- `sync.engine.SyncEngine(store, client, blobs, limits=None, clock=now_vn)`:
  `sync_once(progress, cancel) -> SyncReport`, `state() -> ConnectivityState`,
  `work_gate()`, `conflicts()`, `resolve(id, "mine" | "theirs")`, `rejected()`,
  `acknowledge_rejected(id)`.
- `sync.state`: `OfflineLimits`, `ConnectivityState`, `Conflict`, `Rejected`, `SyncReport`.
- `sync.errors`: `SyncError` (with `.vi`), `AuthError`, `PortalUnavailable`,
  `PortalRefused`, `OfflineLimitReached` (a `desk_app.services.ServiceError`).
- `sync.logsafe.setup_desk_log(path)`: the desk's log file, secrets redacted.
"""

"""The local store: SQLite replica, outbox, leases, search; content-addressed blobs."""

from desk_app.store.blobs import BlobStore
from desk_app.store.migrations import LATEST, StoreVersionError
from desk_app.store.store import (
    DOSSIER_LEASE,
    REGISTER_LEASE,
    DossierSummary,
    NoNumberLeft,
    OutboxCommand,
    Store,
)

__all__ = [
    "DOSSIER_LEASE",
    "LATEST",
    "REGISTER_LEASE",
    "BlobStore",
    "DossierSummary",
    "NoNumberLeft",
    "OutboxCommand",
    "Store",
    "StoreVersionError",
]

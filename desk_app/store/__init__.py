"""The local store: SQLite replica, outbox, leases, search; content-addressed blobs."""

from desk_app.store.blobs import BlobStore, BlobUnreadable
from desk_app.store.crypto import StoreLockedError
from desk_app.store.migrations import LATEST, StoreVersionError
from desk_app.store.store import (
    DOSSIER_LEASE,
    RECEIPT_LEASE,
    REGISTER_LEASE,
    DossierSummary,
    NoNumberLeft,
    OutboxCommand,
    Store,
)

__all__ = [
    "DOSSIER_LEASE",
    "LATEST",
    "RECEIPT_LEASE",
    "REGISTER_LEASE",
    "BlobStore",
    "BlobUnreadable",
    "DossierSummary",
    "NoNumberLeft",
    "OutboxCommand",
    "Store",
    "StoreLockedError",
    "StoreVersionError",
]

"""The portal client: change-feed pull, outbox push, blobs, connectivity state."""

"""The replication engine (no Qt): ``engine.SyncEngine`` pushes the outbox, pulls since the
cursor, uploads evidence (``uploads.Uploader``, tus) and decides when (``policy``); ``http``
classifies every failure; ``credentials`` keeps the sign-in token; ``events`` is what listeners
receive. See docs/architecture.md, "sync.client"."""

"""Document kinds: each module here exposes `KINDS: list[DocumentKind]` (see registry.py)."""

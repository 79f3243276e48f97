"""Persistence functions: keyword-only, given a session, never committing (the request's session does)."""

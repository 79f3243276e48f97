"""Pydantic models shared by the API, the rules, the documents and the storage."""

"""The clerk's pages (issue 13): server-rendered Chinese HTML over the same service functions and
Pydantic models as the JSON API (STYLE.md 8, 12). One router module per page group."""

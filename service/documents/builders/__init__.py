"""Builders that generate the committed .docx templates in form_templates/ with python-docx.

Generating templates (instead of typing them in Word) keeps every Jinja tag inside one run, the pitfall
of docxtpl #10/#663. Each module exposes `build() -> dict[str, Document]` (file name → document);
`python -m service.documents.builders` regenerates them all.
"""

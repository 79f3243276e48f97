"""The notice text as the clerk types it: one paragraph a line, its ordinal (一、 （一） 1.) read as the
layer it marks (GB/T 9704 7.3.3, `BodyParagraph.level`), and back — so the 机构设置 page edits the text
`service/notice_texts.py` stores, without JSON."""

from __future__ import annotations

import re

from schemas.notice import BodyParagraph

# The ordinal of each layer, at the start of a line: 一、 → 1, （一） → 2, 1. → 3.
LAYERS = (
    (1, re.compile(r"^([一二三四五六七八九十]+、)")),
    (2, re.compile(r"^(（[一二三四五六七八九十]+）)")),
    (3, re.compile(r"^(\d+\.)")),
)
MAX_LINES = 500  # NoticeTextIn's cap on paragraphs; more lines are refused by the model, not cut


def paragraphs_of(text: str) -> list[dict[str, object]]:
    """Each non-empty line a paragraph; a leading ordinal gives its level and number."""
    found: list[dict[str, object]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        level, number = 0, ""
        for layer, pattern in LAYERS:
            match = pattern.match(line)
            if match:
                level, number = layer, match.group(1)
                line = line[len(number) :].strip()
                break
        found.append({"level": level, "number": number, "text": line})
    return found


def text_of(paragraphs: list[BodyParagraph]) -> str:
    """The stored paragraphs as lines again (a heading and its text on one line)."""
    return "\n".join(f"{p.number}{p.heading}{p.text}" for p in paragraphs)

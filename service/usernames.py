"""Usernames that cannot pass for one another (issue 11 point 3).

`ADMIN`, `ａｄｍｉｎ` (full width) and `admin` are one name: names are compared after NFKC and case
folding. `аdmin` with a Cyrillic а is refused outright (letters of two alphabets in one name, UTS #39
"mixed script"); a name wholly in another alphabet that looks like an existing one (Cyrillic `асе` beside
Latin `ace`) collides with it through its skeleton: each look-alike letter mapped to the Latin one.
Chinese names mix freely with Latin letters and digits (`张三2`, `zhang张`): nobody mistakes 张 for a
Latin letter.

The skeleton is the stored, unique `users.username_key`; login looks the user up by it, so the throttle
of an account also counts `ADMIN` and `аdmin` as the same account.
"""

from __future__ import annotations

import unicodedata

from service.errors import InvalidPayload

# Scripts that may sit beside any other (ideographs, kana) and are never confused with letters.
_FREE_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "BOPOMOFO", "HANGUL"})
_SCRIPT_NAMES = {
    "LATIN": "拉丁字母",
    "CYRILLIC": "西里尔字母",
    "GREEK": "希腊字母",
    "ARMENIAN": "亚美尼亚字母",
}
# Letters (after case folding) that look like a Latin letter: Cyrillic, Greek, Armenian; 0/1 as o/l.
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("аα", "a"),
        **dict.fromkeys("ьъв", "b"),
        **dict.fromkeys("сϲς", "c"),
        **dict.fromkeys("ԁ", "d"),
        **dict.fromkeys("еєε", "e"),
        **dict.fromkeys("һ", "h"),
        **dict.fromkeys("іιӏ", "i"),
        **dict.fromkeys("ј", "j"),
        **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("1", "l"),
        **dict.fromkeys("мμ", "m"),
        **dict.fromkeys("ηп", "n"),
        **dict.fromkeys("оοօ0", "o"),
        **dict.fromkeys("рρ", "p"),
        **dict.fromkeys("ԛ", "q"),
        **dict.fromkeys("ѕ", "s"),
        **dict.fromkeys("тτ", "t"),
        **dict.fromkeys("υս", "u"),
        **dict.fromkeys("ѵν", "v"),
        **dict.fromkeys("ԝω", "w"),
        **dict.fromkeys("хχ", "x"),
        **dict.fromkeys("уγ", "y"),
    }
)


def fold(name: str) -> str:
    """NFKC + case folding (Unicode's NFKC_Casefold, near enough): how two names are compared."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def mixed_scripts(name: str) -> list[str]:
    """The alphabets a name mixes (Latin with Cyrillic, …); empty when it is one alphabet (plus 汉字)."""
    scripts = {_script(c) for c in fold(name)} - {None} - _FREE_SCRIPTS
    return sorted(s for s in scripts if s is not None) if len(scripts) > 1 else []


def username_key(name: str) -> str:
    """The skeleton stored as the unique key: folded, look-alike letters mapped to Latin."""
    return fold(name).translate(_LOOK_ALIKES)


MAX_LENGTH = 100  # users.username and users.username_key


def check_username(name: str) -> str:
    """The name as stored (NFKC), or a 422 on `username` when it mixes alphabets or folds too long."""
    stored = unicodedata.normalize("NFKC", name)
    if max(len(stored), len(username_key(stored))) > MAX_LENGTH:
        raise InvalidPayload([(("username",), f"用户名规范化后超过 {MAX_LENGTH} 个字符")])
    mixed = mixed_scripts(name)
    if mixed:
        shown = "、".join(_SCRIPT_NAMES.get(s, s) for s in mixed)
        raise InvalidPayload([(("username",), f"用户名混用了{shown}，容易与其他用户名混淆，请只用一种字母")])
    return stored

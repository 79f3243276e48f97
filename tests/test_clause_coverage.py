"""Every rule clause of every seed is named by at least one test of its scheme (tests/clauses.py).

The test files are read with `ast` (nothing is imported or run): each test function's name and docstring
are searched for clause references. Spellings accepted, all meaning section 五, item (六), point 3:

- in a name: `test_五_六_3_…`; items of one section in a row are siblings (`七_一_二` = 七(一) and 七(二)),
  points joined by `and`/`to` too (`五_七_3_and_7`, `六_三_1_to_4`); a point right after a point is a
  sub-point (`六_三_5_4` = 六(三)5(4)); seeds 003/004 write a point under its section (`六2`, `五1`).
- in a docstring: `五(六)3`, `五（六）3`, `六2` — only forms with an item or a point, since a bare
  Chinese numeral in prose ("三星") is not a clause.

A test naming a sub-clause also covers the clauses above it: a test of 五(六)3 tests 五(六).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.clauses import NOT_RULES, RULES, SECTIONS, SEEDS

TESTS = Path(__file__).parent
NUMERAL = "一二三四五六七八九十"
SECTION = re.compile(rf"^[{NUMERAL}]+$")
SECTION_POINT = re.compile(rf"^([{NUMERAL}]+)(\d+)$")  # 六2, 八1, 五4
POINT = re.compile(r"^\d{1,2}$")
SEED_NUMBER = re.compile(r"^\d{3}$")
# In prose: 五(六)3, 五(六), 六2 (a section alone is not matched).
PROSE = re.compile(rf"(?<![{NUMERAL}])([{NUMERAL}]+)(?:\(([{NUMERAL}]+)\)(\d{{1,2}})?|(\d{{1,2}}))(?!\d)")


def canonical(section: str, item: str | None = None, point: str | None = None) -> str:
    return section + (f"({item})" if item else "") + (point or "")


def ancestors(clause: str) -> set[str]:
    """'五(六)3' → {'五(六)3', '五(六)', '五'}: naming a clause covers the clauses above it."""
    match = re.fullmatch(rf"([{NUMERAL}]+)(?:\(([{NUMERAL}]+)\))?(\d+)?", clause)
    assert match, clause
    section, item, point = match.groups()
    found = {section, canonical(section, item, point)}
    if item:
        found.add(canonical(section, item))
    return found


def clauses_in_name(name: str) -> set[str]:
    """Clauses a test's name spells with underscores (see the module docstring)."""
    found: set[str] = set()
    section: str | None = None
    item: str | None = None
    last: str | None = None  # "section", "item", "point", or "connector" after a point
    pending_range: str | None = None
    point_token = ""
    for token in name.removeprefix("test_").split("_"):
        if SEED_NUMBER.match(token):
            continue
        if SECTION.match(token):
            if last in ("section", "item") and section is not None:
                item = token  # 五_六 → 五(六); 七_一_二 → 七(二) after 七(一)
                last = "item"
            else:
                section, item, last = token, None, "section"
            found.add(canonical(section, item))
        elif (match := SECTION_POINT.match(token)) is not None:
            section, item, last = match.group(1), None, "point"
            found.add(canonical(section, None, match.group(2)))
        elif POINT.match(token) and section is not None and last in ("section", "item", "connector"):
            if pending_range is not None:
                for number in range(int(pending_range), int(token) + 1):
                    found.add(canonical(section, item, str(number)))
                pending_range = None
            else:
                found.add(canonical(section, item, token))
            last = "point"
            point_token = token
        elif token in ("and", "to") and last == "point":
            pending_range = point_token if token == "to" else None
            last = "connector"
        elif POINT.match(token) and last == "point":
            last = "subpoint"  # 六_三_5_4: 六(三)5(4), covered as 六(三)5
        else:
            section, item, last, pending_range = None, None, None, None
    return found


def clauses_in_prose(text: str) -> set[str]:
    text = text.replace("（", "(").replace("）", ")")
    return {canonical(s, i, p or q) for s, i, p, q in PROSE.findall(text)}


def named_clauses(name: str, docstring: str | None) -> set[str]:
    direct = clauses_in_name(name) | clauses_in_prose(docstring or "")
    return {above for clause in direct for above in ancestors(clause)}


def functions_of(path: Path) -> Iterator[tuple[str, str | None]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_"):
            yield node.name, ast.get_docstring(node)


def coverage(seed_number: str) -> dict[str, list[str]]:
    """clause → the tests of the seed's scheme that name it."""
    seed = SEEDS[seed_number]
    files = {path for pattern in seed.test_files for path in TESTS.glob(pattern)}
    shared = {path for name in seed.shared_files for path in TESTS.glob(name)} - files
    found: dict[str, list[str]] = {}
    for path in sorted(files | shared):
        for name, docstring in functions_of(path):
            if path in shared and f"_{seed_number}_" not in f"{name}_":
                continue  # a shared file's test counts for the seed it names
            for clause in named_clauses(name, docstring):
                found.setdefault(clause, []).append(f"{path.name}::{name}")
    return found


# ---------------------------------------------------------------- the parser itself


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("test_五_二_3_department_of_three_其他_may_recommend_one", {"五(二)3"}),
        ("test_七_一_二_where_the_grade_is_reported", {"七(一)", "七(二)"}),
        ("test_五_七_3_and_7_five_times_is_not_over_five", {"五(七)3", "五(七)7"}),
        ("test_六_三_1_to_4_gross_is_months_allowance", {"六(三)1", "六(三)2", "六(三)3", "六(三)4"}),
        ("test_六_三_5_4_基本合格_loses_70_percent", {"六(三)5"}),
        ("test_003_六2_top_five_advanced", {"六2"}),
        ("test_004_三1_base_200_is_daily_70_normalisation_30", {"三1"}),
        ("test_二_on_the_roster_at_30_november", {"二"}),
        ("test_003_三_untouched_department_scores_70_plus", {"三"}),
        ("test_四_三_an_优秀_may_also_be_先进个人", {"四(三)"}),
    ],
)
def test_names_spell_clauses_with_underscores(name: str, expected: set[str]) -> None:
    assert named_clauses(name, None) == {above for clause in expected for above in ancestors(clause)}


def test_docstrings_spell_clauses_with_either_parentheses() -> None:
    assert clauses_in_prose('五(六)3 "有下列情况之一的"，见五（二）5；003 六2、八1') == {
        "五(六)3",
        "五(二)5",
        "六2",
        "八1",
    }
    assert clauses_in_prose("三星以下差评；一票否决；第三项") == set()


def test_a_sub_clause_covers_the_clauses_above_it() -> None:
    assert named_clauses("test_五_六_3_x", None) == {"五(六)3", "五(六)", "五"}


# ---------------------------------------------------------------- the lists and the coverage


@pytest.mark.parametrize("seed_number", sorted(SEEDS))
def test_every_section_of_a_seed_is_a_rule_or_said_not_to_be(seed_number: str) -> None:
    listed = set(RULES[seed_number]) | set(NOT_RULES[seed_number])
    sections = {re.match(rf"[{NUMERAL}]+", clause).group(0) for clause in listed}  # type: ignore[union-attr]
    assert sections == set(SECTIONS[seed_number])
    assert not set(RULES[seed_number]) & set(NOT_RULES[seed_number])


@pytest.mark.parametrize("seed_number", sorted(SEEDS))
def test_every_rule_clause_is_named_by_a_test_of_its_scheme(seed_number: str) -> None:
    found = coverage(seed_number)
    missing = sorted(clause for clause in RULES[seed_number] if clause not in found)
    assert not missing, (
        f"seed {seed_number} ({SEEDS[seed_number].scheme}): no test names {'、'.join(missing)}"
    )

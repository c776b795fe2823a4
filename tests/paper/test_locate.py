"""The TOML locator: the line of every table, key and array item, by path."""

from __future__ import annotations

import textwrap
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from proctor.paper.locate import TomlLocator, clean_location

DOC = textwrap.dedent(
    '''\
    # a comment with = and [[brackets]]
    title = "x = [y]"  # trailing
    [[questions]]
    id = "q1"
    options = [
      "a",  # one
      'b]',
    ]
    text = """
    answer = 3
    [[not_a_table]]
    """
    tags = { topic = "h", "odd key".deep = 2 }
    [[questions]]
    id = 'q2'
    answer = ["1", "2"]
      [[questions.cases]]
      input = "1"
      [[questions.cases]]
      output = \'\'\'
    x\'\'\'
    [runners.c]
    run = ["{exe}"]
    '''
)


def test_every_key_table_and_item_has_its_line() -> None:
    lines = TomlLocator(DOC).lines
    assert lines[("title",)] == 2
    assert lines[("questions", 0)] == 3
    assert lines[("questions", 0, "id")] == 4
    assert lines[("questions", 0, "options")] == 5
    assert lines[("questions", 0, "options", 0)] == 6
    assert lines[("questions", 0, "options", 1)] == 7
    assert lines[("questions", 0, "text")] == 9
    assert lines[("questions", 0, "tags", "topic")] == 13
    assert lines[("questions", 0, "tags", "odd key", "deep")] == 13
    assert lines[("questions", 1)] == 14
    assert lines[("questions", 1, "answer", 1)] == 16
    assert lines[("questions", 1, "cases", 0, "input")] == 18
    assert lines[("questions", 1, "cases", 1, "output")] == 20
    assert lines[("runners", "c", "run", 0)] == 23
    # nothing inside strings or comments was taken for a key or a table
    assert ("answer",) not in lines and ("not_a_table",) not in lines
    assert ("questions", 0, "answer") not in lines


def test_a_path_is_found_by_its_deepest_known_part() -> None:
    locator = TomlLocator(DOC)
    assert locator.line(("questions", 1, "choice", "answer", 0)) == 16  # a union's tag skipped
    assert locator.line(("questions", 0, "missing_key")) == 3  # the question's header
    assert locator.line(("nowhere",)) is None


def test_pydantic_locations_are_cleaned_against_the_data() -> None:
    data = tomllib.loads(DOC)
    loc = ("questions", 0, "choice", "options", 1)
    assert clean_location(data, loc) == ("questions", 0, "options", 1)
    assert clean_location(data, ("questions", 1, "short", "match")) == ("questions", 1, "match")
    assert clean_location(data, ("runners", "c", "[key]")) == ("runners", "c")


def test_text_that_is_not_toml_does_not_hang_the_locator() -> None:
    for text in ("a = [}", "a = {", "[[x", 'a = "unterminated', "= 1", "a = [1,,]"):
        TomlLocator(text)  # returns what it found


keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
values = st.one_of(
    st.integers(),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=6), st.integers(0, 3))
def test_generated_documents_locate_every_top_level_key(table: dict, blank_lines: int) -> None:
    import tomlkit

    doc = tomlkit.document()
    for key, value in table.items():
        doc[key] = value
        for _ in range(blank_lines):
            doc.add(tomlkit.nl())
    text = tomlkit.dumps(doc)
    assert tomllib.loads(text) == table
    lines = TomlLocator(text).lines
    for key in table:
        line = text.split("\n")[lines[(key,)] - 1]  # TOML lines end at LF alone
        assert line.startswith(f"{key} ="), (key, line)

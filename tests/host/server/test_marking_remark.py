"""Re-marking after the paper was fixed: `POST admin/grade` reads the paper again from its
folder (a test corrected, an answer key fixed), marks everyone with it and keeps the
proctor's overrides; a folder whose paper no longer fits the room is refused, nothing
marked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from proctor.paper.load import load_paper
from tests.helpers.api import MakeApi
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.marking_room import Sitter, by_reg, marked, sit

pytestmark = pytest.mark.slow

TESTS = "from sol import double\n\n\ndef test_two():\n    assert double(2) == {expected}\n"
PAPER = """title = "Doubling"
[[questions]]
id = "double"
type = "code"
text = "Write `double`."
files = ["sol.py"]
tests = "hidden.py"
time_limit_s = 1
points = 3
[[questions]]
id = "capital"
type = "short"
text = "The capital of France?"
answer = "{answer}"
"""


def write_paper(folder: Path, expected: int, answer: str, extra: str = "") -> None:
    folder.mkdir(exist_ok=True)
    (folder / "sol.py").write_text("def double(x):\n    return 0\n", encoding="utf-8")
    (folder / "hidden.py").write_text(TESTS.format(expected=expected), encoding="utf-8")
    text = PAPER.format(answer=answer) + extra
    (folder / "paper.toml").write_text(text, encoding="utf-8")


async def test_a_fixed_test_and_answer_key_are_used_by_the_re_mark(
    make_api: MakeApi, tmp_path: Path
) -> None:
    folder = tmp_path / "paper"
    write_paper(folder, expected=5, answer="Lyon")  # both mis-keyed
    api = await make_api(paper=load_paper(folder), paper_dir=folder, ticker=False)
    right = {"sol.py": "def double(x):\n    return 2 * x\n"}
    good = Sitter("G1", "Good", {"capital": "Paris"}, right)
    other = Sitter("O1", "Other", {"capital": "Lyon"}, {"sol.py": "def double(x):\n    return 5\n"})
    await sit(api, [good, other])
    await api.admin("POST", "end", json={"admin_key": ADMIN_KEY})
    rows = by_reg(await marked(api))
    assert rows["G1"]["points"] == 0 and rows["O1"]["points"] == 4
    await api.admin("PUT", f"results/{other.student_id}/double", {"points": 1, "reason": "Guessed"})

    write_paper(folder, expected=4, answer="Paris")  # the teacher fixes both
    answer = await api.admin("POST", "grade", json={}, expect=202)
    assert answer == {"queued": 4, "paper_reread": True}
    rows = by_reg(await marked(api))
    assert rows["G1"]["points"] == 4 and rows["G1"]["questions"]["double"]["status"] == "correct"
    assert rows["O1"]["points"] == 1  # the override stands over the new automatic 0
    assert rows["O1"]["questions"]["double"]["auto_points"] == 0
    assert api.live.meta["paper"]["questions"][0]["tests"].endswith("== 4\n")

    # Nothing changed in the folder: marked again with the same paper.
    again = await api.admin("POST", "grade", json={"student_id": good.student_id}, expect=202)
    assert again == {"queued": 2, "paper_reread": False}
    await marked(api)

    # A question added: the students' papers would not fit; nothing is marked again.
    write_paper(folder, 4, "Paris", '[[questions]]\nid = "new"\ntype = "short"\n'
                'text = "More?"\nanswer = "yes"\n')  # fmt: skip
    message = await api.admin_fail("POST", "grade", 409, "paper_changed", json={})
    assert "other questions" in message and "Nothing was marked again" in message
    assert api.live.marking.progress[0] == api.live.marking.progress[1]  # nothing queued
    (folder / "paper.toml").write_text("[[questions]]\nid = 3\n", encoding="utf-8")
    message = await api.admin_fail("POST", "grade", 409, "paper_changed", json={})
    assert "does not load" in message and "type is required" in message
    assert by_reg(await marked(api))["G1"]["points"] == 4

"""Hostile hand-ins through the room server: each is marked in the pool's sandbox processes
and scores 0 with its reason, while an honest student's GET /state keeps being answered;
and a student's released result by the paper's feedback level."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import pytest

from proctor.paper.load import load_paper
from tests.helpers.api import Api, MakeApi
from tests.helpers.constants import ADMIN_KEY
from tests.helpers.marking_room import (
    Sitter,
    by_reg,
    join_all,
    marked,
    read_papers,
    sit,
    write,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the zygote sandbox needs fork"),
]

HIDDEN = """from sol import add


def test_small_numbers():
    assert add(1, 2) == 3
"""
HONEST = """import sys


def add(a, b):
    return a + b


if __name__ == "__main__":
    a, b = map(int, sys.stdin.read().split())
    print(add(a, b))
"""


def paper_folder(root: Path, feedback: str) -> Path:
    folder = root / f"paper-{feedback}"
    folder.mkdir()
    (folder / "sol.py").write_text("def add(a, b):\n    return 0\n", encoding="utf-8")
    (folder / "hidden.py").write_text(HIDDEN, encoding="utf-8")
    (folder / "paper.toml").write_text(
        f'title = "Adding up"\nfeedback = "{feedback}"\npass_percent = 50\n'
        '[[questions]]\nid = "add"\ntype = "code"\ntext = "Write `add`."\n'
        'files = ["sol.py"]\ntests = "hidden.py"\ntime_limit_s = 1\nmemory_mb = 128\n'
        "points = 4\n"
        '  [[questions.cases]]\n  input = "1 2\\n"\n  output = "3\\n"\n  hidden = true\n'
        '  [[questions.cases]]\n  input = "2 2\\n"\n  output = "4\\n"\n  hidden = false\n'
        '[[questions]]\nid = "word"\ntype = "short"\ntext = "Say yes."\nanswer = "yes"\n',
        encoding="utf-8",
    )
    return folder


def hostile(folder: Path, port: int) -> dict[str, tuple[str, str]]:
    """reg no -> (the code, what its reason must say)."""
    return {
        "loop": ("while True:\n    pass\n", "used more than 1 s of CPU"),
        "fork": ("import os\nwhile True:\n    os.fork()\n", "tried to start a process"),
        "memory": (
            "blocks = []\nwhile True:\n    blocks.append(bytearray(10**7))\n",
            "the memory limit (128 MB) was reached",
        ),
        "flood": (  # 100 MB, a kilobyte at a time
            "import sys\nfor _ in range(100_000):\n    sys.stdout.write('x' * 1000)\n",
            "printed more than 64 KiB",
        ),
        "passwd": ("print(open('/etc/passwd').read())\n", "refused: tried to open /etc/passwd"),
        "tests": (
            f"print(open({str(folder / 'hidden.py')!r}).read())\n",
            "refused: tried to open",
        ),
        "socket": (
            f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)\n",
            "refused: tried to use the network",
        ),
    }


async def poll_state(api: Api, token: str, stop: asyncio.Event) -> list[int]:
    statuses: list[int] = []
    while not stop.is_set():
        status, _ = await api.call("GET", "state", token=token)
        statuses.append(status)
        await asyncio.sleep(0.05)
    return statuses


async def test_hostile_hand_ins_score_0_with_reasons_and_the_host_stays_answering(
    make_api: MakeApi, tmp_path: Path
) -> None:
    folder = paper_folder(tmp_path, "full")
    api = await make_api(paper=load_paper(folder), ticker=False)
    port = api.client.port
    assert port is not None
    attacks = hostile(folder, port)
    honest = Sitter("honest", "Honest Student", {"word": "yes"}, {"sol.py": HONEST})
    attackers = [
        Sitter(reg, f"Attacker {reg}", {}, {"sol.py": code}) for reg, (code, _) in attacks.items()
    ]
    # the honest student joins first and keeps asking for the state while the rest is marked
    await sit(api, [honest])
    stop = asyncio.Event()
    poller = asyncio.create_task(poll_state(api, honest.token, stop))
    try:
        await sit_more(api, attackers)
        results = await marked(api)
    finally:
        stop.set()
        statuses = await poller
    assert len(statuses) > 1 and set(statuses) == {200}  # every GET /state was answered
    rows = by_reg(results)
    assert rows["honest"]["points"] == 5 and rows["honest"]["passed"] is True
    for reg, (_, reason) in attacks.items():
        mark = rows[reg]["questions"]["add"]
        assert mark["points"] == 0 and mark["status"] == "wrong", (reg, mark)
        assert len(mark["cases"]) == 3 and not any(c["passed"] for c in mark["cases"])
        for case in mark["cases"]:
            assert reason in case["message"], (reg, case)

    # Release: the student sees what feedback "full" allows, never a hidden test or case.
    await api.admin("POST", "end", json={"admin_key": ADMIN_KEY})
    await marked(api)
    await api.fail("GET", "result", 409, "not_released", token=attackers[0].token)
    await api.admin("POST", "release", json={})
    reader = next(a for a in attackers if a.reg_no == "tests")
    mine = await api.ok("GET", "result", token=reader.token)
    assert mine["ready"] is True and mine["points"] == 0
    (add,) = [q for q in mine["questions"] if q["id"] == "add"]
    assert add["hidden_total"] == 2 and add["hidden_passed"] == 0
    assert [c["name"] for c in add["cases"]] == ["case 2"]  # the visible case only
    text = json.dumps(mine)
    # (the path it tried to open is its own string, in its own visible case's message)
    for secret in ("test_small_numbers", "add(1, 2)", "1 2", "yes"):
        assert secret not in text, secret
    good = await api.ok("GET", "result", token=honest.token)
    assert good["points"] == 5 and {q["status"] for q in good["questions"]} == {"correct"}


async def sit_more(api: Api, sitters: list[Sitter]) -> None:
    """Students joining a running exam: they read the paper and hand in at once."""
    await join_all(api, sitters)
    await read_papers(api, sitters)
    for sitter in sitters:
        await write(api, sitter)


@pytest.mark.parametrize("feedback", ["none", "score"])
async def test_a_released_result_shows_what_feedback_allows(
    make_api: MakeApi, tmp_path: Path, feedback: str
) -> None:
    api = await make_api(paper=load_paper(paper_folder(tmp_path, feedback)), ticker=False)
    student = Sitter("s1", "Sam", {"word": "no"}, {"sol.py": HONEST})
    await sit(api, [student])
    await api.fail("GET", "result", 409, "not_released", token=student.token)
    await api.admin_fail("POST", "release", 409, "wrong_state", json={})  # still running
    await api.admin("POST", "end", json={"admin_key": ADMIN_KEY})
    await marked(api)
    await api.admin("POST", "release", json={})
    mine: dict[str, Any] = await api.ok("GET", "result", token=student.token)
    assert mine["released"] is True and mine["feedback"] == feedback
    if feedback == "none":
        assert "points" not in mine or mine["points"] is None
    else:
        assert mine["points"] == 4 and mine["max_points"] == 5 and mine["passed"] is True
        assert not mine.get("questions")

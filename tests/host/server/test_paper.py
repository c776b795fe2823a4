"""The paper a new room serves: `proctor.paper`'s loader, whose starter files keep the
protocol's file-name rule and leave room in a hand-in; a paper with questions opens a room (its
serving: test_questions.py); a room keeps its paper, and serves it again after a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proctor.common.protocol import MAX_HANDIN_BYTES, WorkRequest
from proctor.host.server.app import make_app
from proctor.host.server.headless import StartupError, open_paper
from proctor.host.server.plumbing import LIVE_ROOM
from proctor.host.server.room import LiveRoom
from proctor.paper.rules import HANDIN_BUDGET_BYTES
from tests.helpers.api import Api


def test_the_sample_paper_is_served_without_a_folder() -> None:
    paper = open_paper(None)
    assert paper.title and paper.instructions.strip()
    assert paper.files and paper.warnings == [] and not paper.has_questions


def test_every_starter_file_served_can_be_handed_back(tmp_path: Path) -> None:
    """Names the protocol refuses in a hand-in are never served (they would make every
    autosave fail), nor more than a hand-in leaves room for."""
    (tmp_path / "instructions.md").write_text("# Search\n", encoding="utf-8")
    (tmp_path / "main..py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / ("a" * 118 + ".py")).write_text("x = 1\n", encoding="utf-8")  # 121 characters
    (tmp_path / "search.v2.py").write_text("def search(): ...\n", encoding="utf-8")
    chunk = "y" * (500 * 1024)
    for n in range(5):  # 2,500 KiB in all: more than half of a hand-in
        (tmp_path / f"data{n}.txt").write_text(chunk, encoding="utf-8")
    paper = open_paper(tmp_path)
    assert "search.v2.py" in paper.files
    assert "main..py" not in paper.files and "a" * 118 + ".py" not in paper.files
    assert [n for n in paper.files if n.startswith("data")] == [f"data{n}.txt" for n in range(4)]
    warnings = " ".join(paper.warnings)
    assert "main..py" in warnings and "data4.txt" in warnings and "hand-in" in warnings
    WorkRequest.model_validate({"seq": 1, "files": paper.files})  # the protocol takes them all
    assert len(WorkRequest(seq=1, files=paper.files).model_dump_json()) <= HANDIN_BUDGET_BYTES
    assert HANDIN_BUDGET_BYTES < MAX_HANDIN_BYTES


def test_a_paper_with_questions_opens_a_room(tmp_path: Path) -> None:
    (tmp_path / "paper.toml").write_text(
        'title = "Sums"\n[[questions]]\nid = "q1"\ntype = "short"\ntext = "2 + 2?"\nanswer = "4"\n',
        encoding="utf-8",
    )
    paper = open_paper(tmp_path)
    assert paper.has_questions and [q.id for q in paper.questions] == ["q1"]


def test_a_paper_that_does_not_load_says_each_problem(tmp_path: Path) -> None:
    (tmp_path / "paper.toml").write_text("[[questions]]\nid = 3\n", encoding="utf-8")
    with pytest.raises(StartupError, match="paper.toml:1: question 1: type is required"):
        open_paper(tmp_path)
    with pytest.raises(StartupError, match="does not exist"):
        open_paper(tmp_path / "nope")


async def test_a_resumed_room_serves_the_paper_it_was_opened_with(
    aiohttp_client: Any, tmp_path: Path, make_live: Any
) -> None:
    folder = tmp_path / "paper"
    folder.mkdir()
    (folder / "instructions.md").write_text("# Graphs\n\nWrite `bfs`.\n", encoding="utf-8")
    (folder / "bfs.py").write_text("def bfs(graph, start):\n    pass\n", encoding="utf-8")
    first: LiveRoom = make_live(paper=open_paper(folder))
    path = first.store.path
    await first.close()
    (folder / "bfs.py").write_text("changed on disk since\n", encoding="utf-8")

    client = await aiohttp_client(make_app(lambda: LiveRoom.resume(path), start_ticker=False))
    api = Api(client, client.app[LIVE_ROOM])
    student = await api.join("CS-1")
    await api.admin("POST", "start")
    served = await api.ok("GET", "paper", token=student["token"])
    assert served == {
        "title": "Graphs",
        "instructions": "# Graphs\n\nWrite `bfs`.\n",
        "files": {"bfs.py": "def bfs(graph, start):\n    pass\n"},
    }
    assert (await api.admin("GET", "room"))["paper_title"] == "Graphs"

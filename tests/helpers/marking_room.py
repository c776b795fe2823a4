"""Students sitting a paper with questions through a real room server (the `Api` of
tests.helpers.api): join, read their own variant, autosave and hand in answers and files;
and waiting for the room's marking to finish."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from tests.helpers.api import Api

MARKING_TIMEOUT_S = 300.0


@dataclass
class Sitter:
    """One student: what they answer (only their variant's questions are sent)."""

    reg_no: str
    name: str
    answers: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    hand_in: bool = True  # else the last autosave stands
    autosave: bool = True
    student_id: str = ""
    token: str = ""
    questions: list[str] = field(default_factory=list)  # their variant, in their order

    def own_answers(self) -> dict[str, Any]:
        return {q: a for q, a in self.answers.items() if q in self.questions}


async def join_all(api: Api, sitters: list[Sitter]) -> None:
    for sitter in sitters:
        joined = await api.join(sitter.reg_no, sitter.name)
        sitter.student_id, sitter.token = joined["student_id"], joined["token"]


async def read_papers(api: Api, sitters: list[Sitter]) -> None:
    for sitter in sitters:
        paper = await api.ok("GET", "paper", token=sitter.token)
        sitter.questions = [q["id"] for q in paper.get("questions", [])]


async def write(api: Api, sitter: Sitter, seq: int = 1) -> None:
    """An autosave, then (if they do) the hand-in."""
    body: dict[str, Any] = {"files": sitter.files, "answers": sitter.own_answers()}
    if sitter.autosave and (sitter.files or sitter.answers):
        await api.ok("PUT", "work", token=sitter.token, json={"seq": seq, **body})
    if sitter.hand_in:
        await api.ok("POST", "submit", token=sitter.token, json=body)


async def sit(api: Api, sitters: list[Sitter]) -> None:
    """Everyone joins, the exam starts, everyone reads the paper and writes."""
    await join_all(api, sitters)
    await api.admin("POST", "start", json={})
    await read_papers(api, sitters)
    for sitter in sitters:
        await write(api, sitter)


async def marked(api: Api, timeout: float = MARKING_TIMEOUT_S) -> dict[str, Any]:
    """GET admin/results once nothing is pending (and the service is idle)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        body = await api.admin("GET", "results")
        if body["pending"] == 0 and not api.live.marking.busy:
            return dict(body)
        assert loop.time() < deadline, f"still marking: {body['pending']} pending"
        await asyncio.sleep(0.2)


def by_reg(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["reg_no"]: s for s in results["students"]}

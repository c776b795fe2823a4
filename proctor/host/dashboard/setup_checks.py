"""The setup form's Qt-free side: what it hands over (`SetupResult`), and what it needs to
know about this computer, each function blocking and so run off the GUI thread: its network
addresses and the default blacklist, whether a port is free, whether a paper folder holds a
paper the host would take (`check_paper`: every problem of a paper.toml by file and line)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from proctor.common.i18n import translator
from proctor.common.netutil import lan_addresses
from proctor.host.dashboard.prefs import RememberedSetup
from proctor.host.dashboard.supervisor import LaunchOptions, next_free_port, port_is_free
from proctor.paper.check import questions_per_student
from proctor.paper.load import load_paper
from proctor.paper.problems import PaperError
from proctor.shield.blacklist import BlacklistError, Category, load_blacklist_categories

tr = translator(__name__)

LOOPBACK = "127.0.0.1"


def bind_for(address: str) -> str:
    """Listen everywhere, so the dashboard reaches it on loopback; only loopback if chosen."""
    return LOOPBACK if address.startswith("127.") else "0.0.0.0"


@dataclass
class SetupResult:
    name: str
    duration_min: int
    admin_key: str
    address: str  # shown to students
    port: int
    paper: Path | None
    camera: str
    paste: str
    blacklist: list[dict[str, Any]] = field(default_factory=list)
    remembered: RememberedSetup = field(default_factory=RememberedSetup)

    @property
    def bind(self) -> str:
        return bind_for(self.address)

    def launch_options(self) -> LaunchOptions:
        return LaunchOptions(
            name=self.name,
            duration_min=self.duration_min,
            port=self.port,
            bind=self.bind,
            paper=self.paper,
            camera=self.camera,
            paste=self.paste,
            blacklist_rules=self.blacklist,
            announce_on=self.address,  # the room is announced where students are told to go
        )


@dataclass
class SetupEnvironment:
    addresses: list[tuple[str, str]]  # (address, interface), as lan_addresses() lists them
    categories: list[Category]
    categories_error: str = ""  # why the default blacklist could not be read, if it could not


def gather_environment() -> SetupEnvironment:
    """This computer's network addresses (psutil, netifaces) and the default blacklist."""
    try:
        categories, problem = load_blacklist_categories(), ""
    except BlacklistError as exc:
        categories, problem = [], str(exc)
    return SetupEnvironment(lan_addresses(), categories, problem)


@dataclass(frozen=True)
class PortCheck:
    port: int
    bind: str
    free: bool
    suggestion: int | None  # the next free port, when this one is taken


def check_port(port: int, bind: str) -> PortCheck:
    """Try to bind `port` (and, if taken, up to 200 after it)."""
    if port_is_free(port, bind):
        return PortCheck(port, bind, True, None)
    return PortCheck(port, bind, False, next_free_port(port + 1, bind))


class PaperProblem(StrEnum):
    NONE = ""
    MISSING = "missing"
    NOT_A_FOLDER = "not_a_folder"
    EMPTY = "empty"
    UNREADABLE = "unreadable"
    INVALID = "invalid"  # a paper.toml the host would refuse: `PaperCheck.details` says why


@dataclass(frozen=True)
class PaperCheck:
    """A paper folder as the host would take it: its problem (NONE when it loads), each of
    the loader's problems by file and line, and a line saying what the paper holds."""

    text: str  # the folder as typed
    problem: PaperProblem
    details: tuple[str, ...] = ()
    summary: str = ""


def check_paper(text: str) -> PaperCheck:
    """`paper_problem`, then the paper loaded as a host opening the room loads it (an empty
    text: the sample paper), so a paper the host would refuse is refused here first, with
    every problem listed."""
    problem = paper_problem(text)
    if problem != PaperProblem.NONE:
        return PaperCheck(text, problem)
    folder = Path(text.strip()).expanduser() if text.strip() else None
    try:
        paper = load_paper(folder)
    except PaperError as exc:
        return PaperCheck(text, PaperProblem.INVALID, tuple(str(p) for p in exc.problems))
    except OSError:
        return PaperCheck(text, PaperProblem.UNREADABLE)
    if paper.has_questions:
        count, each = len(paper.questions), questions_per_student(paper)
        if each != count:  # pools draw some for each student
            questions = tr("{title}: {each} questions for each student, drawn from {n}")
        else:
            questions = tr("{title}: 1 question") if count == 1 else tr("{title}: {n} questions")
        summary = questions.format(title=paper.title, n=count, each=each)
    else:
        summary = tr("{title}: instructions and {n} starter file(s)").format(
            title=paper.title, n=len(paper.files)
        )
    return PaperCheck(text, PaperProblem.NONE, (), summary)


def paper_problem(text: str) -> PaperProblem:
    """What is wrong with the paper folder typed (an empty text means the sample paper)."""
    text = text.strip()
    if not text:
        return PaperProblem.NONE
    folder = Path(text).expanduser()
    try:
        if not folder.exists():
            return PaperProblem.MISSING
        if not folder.is_dir():
            return PaperProblem.NOT_A_FOLDER
        if not (folder / "instructions.md").is_file() and not any(folder.iterdir()):
            return PaperProblem.EMPTY
    except OSError:
        return PaperProblem.UNREADABLE
    return PaperProblem.NONE

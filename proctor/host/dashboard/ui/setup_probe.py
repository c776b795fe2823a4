"""The setup form's look at this computer, off the GUI thread: its network addresses and the
default blacklist, whether a port is free (up to 200 binds), whether a paper folder holds a
paper that loads.

Each check runs through the bridge's `run_task`; its answer comes back on the GUI thread, and
only the answer to the newest question of each kind is delivered (a port typed quickly asks
many times; the older answers are dropped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, TypeVarTuple

from PySide6.QtCore import QObject

from proctor.host.dashboard.setup_checks import (
    PaperCheck,
    PortCheck,
    SetupEnvironment,
    check_paper,
    check_port,
    gather_environment,
)
from proctor.ui.bridge import AsyncBridge

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class SetupProbe(QObject):
    def __init__(self, bridge: AsyncBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._asked: dict[str, int] = {}
        self._answered: dict[str, int] = {}

    def _ask(
        self, kind: str, on_done: Callable[[T], None], fn: Callable[[*Ts], T], *args: *Ts
    ) -> None:
        number = self._asked.get(kind, 0) + 1
        self._asked[kind] = number

        def answered(result: T) -> None:
            if self._asked.get(kind) == number:
                self._answered[kind] = number
                on_done(result)

        self.bridge.run_task(fn, *args, on_done=answered)

    def environment(self, on_done: Callable[[SetupEnvironment], None]) -> None:
        self._ask("environment", on_done, gather_environment)

    def port(self, port: int, bind: str, on_done: Callable[[PortCheck], None]) -> None:
        self._ask("port", on_done, check_port, port, bind)

    def paper(self, text: str, on_done: Callable[[PaperCheck], None]) -> None:
        self._ask("paper", on_done, check_paper, text)

    def pending(self, kind: str) -> bool:
        """Is the answer to the newest question of `kind` still to come?"""
        return self._asked.get(kind, 0) != self._answered.get(kind, 0)

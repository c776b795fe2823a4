"""A PEP 578 audit hook for a sandboxed Python case: refuses, and reports, what a student's
code must not do (files outside its folder, sockets, new processes, native code, signals to
others), and refuses introspection that could reach the harness (frames, gc, code objects).

Standard library only (loaded into the sandbox's isolated interpreter). This is a layer under
the OS limits, not a boundary of its own: PEP 578 hooks can be bypassed by native code,
which is why ctypes and friends are refused and the OS confines the process anyway.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


class SandboxRefusal(AttributeError, ValueError):
    """Raised by the hook. An AttributeError and a ValueError, so that standard-library code
    that treats a missing frame as "not available" (namedtuple, enum, typing, logging) keeps
    working."""


_PROCESS_EVENTS = frozenset(
    {
        "os.fork",
        "os.forkpty",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "subprocess.Popen",
        "os.startfile",
        "pty.spawn",
        "_posixsubprocess.fork_exec",
    }
)
_NETWORK_PREFIXES = ("socket.",)
_INTROSPECTION_EVENTS = frozenset(
    {
        "sys._getframe",
        "sys._current_frames",
        "sys._current_exceptions",
        "object.__getattr__",
        "gc.get_objects",
        "gc.get_referrers",
        "gc.get_referents",
        "sys.settrace",
        "sys.setprofile",
        "code.__new__",
        "function.__new__",
        "marshal.load",
        "sys.addaudithook",
        "sys._getframemodulename",
        "cpython._PySys_ClearAuditHooks",
    }
)
_FRAMES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame", "f_back"})
_NATIVE_MODULES = frozenset(
    {"ctypes", "_ctypes", "_testcapi", "_testinternalcapi", "_xxsubinterpreters", "_posixshmem"}
)
_PATH_EVENTS = {
    # event: indexes of the path arguments that are written (w) or only read (r)
    "os.listdir": "r",
    "os.scandir": "r",
    "os.chdir": "r",
    "os.mkdir": "w",
    "os.rmdir": "w",
    "os.remove": "w",
    "os.rename": "ww",
    "os.replace": "ww",
    "os.symlink": "ww",
    "os.link": "ww",
    "os.chmod": "w",
    "os.chown": "w",
    "os.truncate": "w",
    "os.utime": "w",
    "os.setxattr": "w",
    "os.removexattr": "w",
    "os.chflags": "w",
    "os.lchflags": "w",
    "shutil.rmtree": "w",
    "shutil.copyfile": "rw",
    "shutil.move": "ww",
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def make_guard(
    case_dir: str,
    read_roots: list[str],
    report: Callable[[str], None],
) -> tuple[Callable[[str, tuple[Any, ...]], None], Callable[[str], None]]:
    """Build the hook and its phase switch. Phases: "setup" (everything allowed), "student"
    (enforced), "harness" (introspection allowed for the harness's own reporting, escapes
    still refused). The phase lives in this closure only, out of the student's reach."""
    state: dict[str, Any] = {"phase": "setup", "busy": False, "pyc": None}
    own_pid = os.getpid()
    case_root = (os.path.realpath(case_dir),)
    readable = case_root + tuple(os.path.realpath(p) for p in read_roots)
    realpath, abspath, fspath = os.path.realpath, os.path.abspath, os.fspath
    getframe = sys._getframe
    library = tuple(os.path.realpath(p) + os.sep for p in read_roots)

    def in_module_init() -> bool:
        """Whether the audited operation is standard-library code run while a standard-library
        module loads (asyncio, logging… build code objects or read frames as they load): every
        frame from the operation up to that module's top level is the library's own."""
        frame: Any = getframe(2)  # 0 this function, 1 the hook, 2 the audited code
        for _ in range(16):
            if frame is None:
                return False
            code = frame.f_code
            name = code.co_filename
            if not (name.startswith(library) or name.startswith("<frozen ")):
                return False
            if code.co_name == "<module>":
                return True
            frame = frame.f_back
        return False

    def refuse(reason: str) -> None:
        report(reason)
        raise SandboxRefusal("refused by the marking sandbox: " + reason)

    def resolve(path: Any) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        try:
            raw = fspath(path)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
            return realpath(abspath(text))
        except (TypeError, ValueError):
            return "?"

    def check_path(path: Any, write: bool) -> None:
        resolved = resolve(path)
        if resolved is None:
            return
        if write and not _inside(resolved, case_root):
            refuse(f"tried to write {resolved} (outside its folder)")
        if not write and not _inside(resolved, readable):
            refuse(f"tried to open {resolved} (outside its folder)")

    def remember_pyc(path: Any) -> None:
        """The import of a standard-library module not loaded yet reads its cached bytecode
        and hands it to marshal.loads: allow exactly those bytes, nothing crafted."""
        resolved = resolve(path)
        state["pyc"] = None
        if resolved and resolved.endswith(".pyc") and _inside(resolved, readable[1:]):
            try:
                with open(resolved, "rb") as f:
                    state["pyc"] = f.read()[16:]
            except OSError:
                pass

    def hook(event: str, args: tuple[Any, ...]) -> None:
        phase = state["phase"]
        if phase == "setup" or state["busy"]:
            return
        state["busy"] = True
        try:
            if event == "open":
                path, mode, flags = (list(args) + [None, None, None])[:3]
                write = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                    isinstance(flags, int) and bool(flags & _WRITE_FLAGS)
                )
                check_path(path, write)
                if not write:
                    remember_pyc(path)
            elif event == "marshal.loads":
                expected, state["pyc"] = state["pyc"], None
                if phase == "student" and (expected is None or args[0] != expected):
                    raise SandboxRefusal("refused by the marking sandbox: marshal.loads")
            elif event in _PATH_EVENTS:
                for kind, path in zip(_PATH_EVENTS[event], args, strict=False):
                    check_path(path, kind == "w")
            elif event in _PROCESS_EVENTS:
                refuse("tried to start a process (" + event + ")")
            elif event.startswith(_NETWORK_PREFIXES):
                refuse("tried to use the network (" + event + ")")
            elif event == "import" and args and args[0] in _NATIVE_MODULES:
                refuse("tried to load native code (" + str(args[0]) + ")")
            elif event.startswith("ctypes."):
                refuse("tried to load native code (" + event + ")")
            elif event in ("os.kill", "os.killpg", "signal.pthread_kill"):
                if not args or args[0] not in (own_pid, 0):
                    refuse("tried to signal another process")
            elif event in _INTROSPECTION_EVENTS and phase == "student":
                if event == "object.__getattr__" and (len(args) < 2 or args[1] not in _FRAMES):
                    return  # __code__ and the like reveal nothing the function does not
                if not in_module_init():
                    raise SandboxRefusal("refused by the marking sandbox: " + event)
        finally:
            state["busy"] = False

    def set_phase(phase: str) -> None:
        state["phase"] = phase

    return hook, set_phase


def install(hook: Callable[[str, tuple[Any, ...]], None]) -> None:
    sys.addaudithook(hook)

"""One case process, forked by the zygote's supervisor: confine this process, then run the
student's code — a hidden `test_*` function, the main file on stdin/stdout, or a program
through a runner's command. Never returns.

Result channel: fd 3 carries lines "<nonce> R <reason>" (a refused action) and
"<nonce> V <0|1> <message>" (a test's verdict); the nonce is known only to this process's
harness frames, so the student's code cannot forge a line the host accepts.

Standard library only (runs inside the sandbox's isolated interpreter).
"""

from __future__ import annotations

import builtins
import importlib.abc
import importlib.util
import os
import shutil
import sys
import types
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:  # run as a script beside these modules; type-checked as the package's
    from proctor.marking.sandbox import _confine as confine
    from proctor.marking.sandbox._guard import SandboxRefusal, make_guard
    from proctor.marking.sandbox._pytests import (
        compile_tests,
        describe_exception,
        make_assert_failed,
    )
else:
    import _confine as confine
    from _guard import SandboxRefusal, make_guard
    from _pytests import compile_tests, describe_exception, make_assert_failed

PATH = "/usr/local/bin:/usr/bin:/bin"
_NATIVE = ("ctypes", "_ctypes")
SYSTEM_READ = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/ld.so.cache"]
DEVICES = ["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"]


def precompile(job: dict[str, Any]) -> dict[str, Any]:
    """Compile the hidden tests and the student's top-level modules once per job (compiling
    runs none of their code); a case process imports from these. A file that does not
    compile is left to the normal import, which reports its SyntaxError."""
    compiled: dict[str, Any] = {"tests": None, "modules": {}}
    tests = job.get("tests")
    if tests:
        try:
            compiled["tests"] = compile_tests(tests["source"], tests["name"])
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            compiled["tests"] = None
    for name, source in job["files"].items():
        if "/" in name or not name.endswith(".py"):
            continue
        try:
            code = compile(source, name, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        compiled["modules"][name[:-3]] = code
    return compiled


def landlock_reads(conf: dict[str, Any], case: dict[str, Any]) -> list[str]:
    return SYSTEM_READ + DEVICES + list(conf["stdlib_path"]) + list(case.get("read_paths", []))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def run_case_process(
    job: dict[str, Any],
    case: dict[str, Any],
    conf: dict[str, Any],
    case_dir: str,
    limits: dict[str, Any],
    pipes: dict[str, tuple[int, int]],
) -> None:
    write, exit_ = os.write, os._exit
    nonce = job["nonce"]
    kind = case["kind"]
    try:
        _confine_self(job, case, conf, case_dir, limits, pipes)
    except BaseException as exc:  # the sandbox could not be set up: never run the code
        try:
            write(3, f"{nonce} E {_escape(repr(exc))}\n".encode())
        finally:
            exit_(121)
    if kind == "program":
        _exec_program(case, case_dir)
    try:
        _run_python(job, case, conf, case_dir, limits, nonce, write, exit_)
    except BaseException as exc:  # the harness itself failed (the student's code is caught)
        write(3, f"{nonce} E harness: {_escape(repr(exc))}\n".encode())
    exit_(122)


def _confine_self(
    job: dict[str, Any],
    case: dict[str, Any],
    conf: dict[str, Any],
    case_dir: str,
    limits: dict[str, Any],
    pipes: dict[str, tuple[int, int]],
) -> None:
    confine.die_with_parent()
    os.setsid()
    os.dup2(pipes["stdin"][0], 0)
    os.dup2(pipes["stdout"][1], 1)
    os.dup2(pipes["stderr"][1], 2)
    os.dup2(pipes["result"][1], 3)
    ruleset = (job.get("landlock_rulesets") or {}).get(tuple(case.get("read_paths", [])))
    if ruleset is not None:
        os.dup2(ruleset, 4)
    import resource

    os.closerange(5 if ruleset is not None else 4, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    os.chdir(case_dir)
    if conf["mode"] == "root":
        for cap in range(64):
            try:
                confine.prctl(confine.PR_CAPBSET_DROP, cap)
            except OSError:
                break
        os.setgroups([])
        os.setresgid(conf["gid"], conf["gid"], conf["gid"])
        os.setresuid(conf["uid"], conf["uid"], conf["uid"])
    if sys.platform.startswith("linux") and conf["mode"] != "root":
        # (as root, setresuid to another uid has cleared every capability already)
        try:
            confine.drop_capabilities()
        except OSError:
            if conf["mode"] != "plain":
                raise
    confine.apply_limits(
        limits["cpu_s"], limits["memory_mb"], limits["fsize_mb"], limits.get("nproc"), 64
    )
    if not sys.platform.startswith("linux"):
        return
    confine.prctl(confine.PR_SET_NO_NEW_PRIVS, 1)
    abi = conf.get("landlock", 0)
    if abi and ruleset is not None:
        confine.landlock_apply(4)
        os.close(4)
    elif abi:
        confine.landlock_restrict(landlock_reads(conf, case), [case_dir, "/dev/null"], abi)
    if conf.get("seccomp"):
        allow_processes = bool(case.get("allow_processes"))
        confine.seccomp_install(
            allow_processes=allow_processes,
            allow_exec=case["kind"] == "program",
            own_pid=0 if allow_processes else os.getpid(),
        )


def _exec_program(case: dict[str, Any], case_dir: str) -> None:
    exe = os.path.join(case_dir, "prog")
    argv = [a.replace("{exe}", exe).replace("{dir}", case_dir) for a in case["argv"]]
    env = {"PATH": PATH, "HOME": case_dir, "TMPDIR": case_dir, "LANG": "C.UTF-8"}
    env["LC_ALL"] = "C.UTF-8"
    program = argv[0] if "/" in argv[0] else (shutil.which(argv[0], path=PATH) or argv[0])
    try:
        os.execve(program, argv, env)
    except OSError as exc:
        os.write(2, f"cannot run {argv[0]}: {exc.strerror}\n".encode())
    os._exit(127)


class _StudentModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the student's top-level modules from code compiled once per job."""

    def __init__(self, case_dir: str, codes: dict[str, Any]) -> None:
        self.case_dir = case_dir
        self.codes = codes

    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> ModuleSpec | None:
        if path is not None or name not in self.codes or name in sys.stdlib_module_names:
            return None
        return importlib.util.spec_from_loader(name, self, origin=self._origin(name))

    def _origin(self, name: str) -> str:
        return os.path.join(self.case_dir, name + ".py")

    def create_module(self, spec: ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        module.__file__ = self._origin(module.__name__)
        exec(self.codes[module.__name__], module.__dict__)


def _run_python(
    job: dict[str, Any],
    case: dict[str, Any],
    conf: dict[str, Any],
    case_dir: str,
    limits: dict[str, Any],
    nonce: str,
    write: Callable[[int, bytes], object],
    exit_: Callable[[int], NoReturn],
    result_fd: int = 3,
) -> None:
    def report(reason: str) -> None:
        write(result_fd, (nonce + " R " + _escape(reason) + "\n").encode())

    read_roots = conf["stdlib_path"] + DEVICES
    hook, set_phase = make_guard(case_dir, read_roots, report)
    if conf.get("audit", True):
        sys.addaudithook(hook)
    sys.path[:] = [*conf["stdlib_path"], case_dir]  # a student's file never shadows the library
    sys.path_importer_cache.clear()
    sys.meta_path.insert(0, _StudentModules(case_dir, job["compiled"]["modules"]))
    sys.dont_write_bytecode = True
    harness = ("_confine", "_guard", "_pytests", "_case", "_zygote", "_supervise")
    for name in [n for n in sys.modules if n in harness or n.split(".")[0] in _NATIVE]:
        del sys.modules[name]  # importing these again is an event the hook sees
    sys.modules["__main__"] = types.ModuleType("__main__")
    main_name = job["main"]
    sys.argv = [main_name]
    stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)
    sys.stdout, sys.stderr = stdout, stderr
    memory_mb = limits["memory_mb"]

    def frames_of(exc: BaseException) -> list[tuple[str, int, str]]:
        found = []
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            found.append((code.co_filename, tb.tb_lineno, code.co_name))
            tb = tb.tb_next
        return [f for f in found if not f[0].endswith(("_case.py", "_zygote.py"))]

    def flush() -> None:
        for stream in (stdout, stderr):
            try:
                stream.flush()
            except BaseException:
                pass

    if case["kind"] == "io":
        path = os.path.join(case_dir, main_name)
        main_code = (
            job["compiled"]["modules"].get(main_name[:-3]) if main_name.endswith(".py") else None
        )
        if main_code is None:
            with open(path, encoding="utf-8", errors="replace") as f:
                source = f.read()
        scope = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
        code_ = 0
        set_phase("student")
        try:
            exec(main_code or compile(source, main_name, "exec"), scope)
        except SystemExit as stop:
            value = stop.code
            code_ = value if isinstance(value, int) else (0 if value is None else 1)
            if not isinstance(value, int) and value is not None:
                set_phase("harness")
                stderr.write(str(value) + "\n")
        except BaseException as exc:
            set_phase("harness")
            stderr.write(
                describe_exception(exc, frames_of(exc), case_dir, memory_mb, limits["fsize_mb"])
                + "\n"
            )
            code_ = 1
        set_phase("harness")
        flush()
        exit_(code_ & 0xFF)

    tests = job["tests"]
    filename = tests["name"]
    code = job["compiled"]["tests"] or compile_tests(tests["source"], filename)
    scope = {
        "__name__": "hidden_tests",
        "__file__": filename,
        "__builtins__": dict(builtins.__dict__),
        "_proctor_assert_failed": make_assert_failed(filename),
    }
    del tests, job
    test_name = case["test"]
    passed, message = False, ""
    set_phase("student")
    try:
        exec(code, scope)
        func = scope.get(test_name)
        if not callable(func):
            raise SandboxRefusal(f"{test_name} is not a function")
        func()
        passed = True
    except BaseException as exc:
        set_phase("harness")
        where = "" if test_name in scope else "while loading the tests: "
        message = where + describe_exception(
            exc, frames_of(exc), case_dir, memory_mb, limits["fsize_mb"]
        )
    set_phase("harness")
    flush()
    verdict = nonce + " V " + ("1" if passed else "0") + " " + _escape(message) + "\n"
    write(result_fd, verdict.encode())
    exit_(0)

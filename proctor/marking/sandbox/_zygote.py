"""The sandbox's zygote: a long-lived, isolated interpreter (`python -I -S _zygote.py`) that
never runs a student's code itself. It reads jobs from its stdin (length-prefixed JSON) and
forks, for every case, a supervisor that creates a fresh case folder and forks the case
process; the case process confines itself (uid, namespaces, limits, Landlock, seccomp,
audit hook) and only then runs the student's code. Results go back on stdout, one framed
JSON message per case and one when the job is done.

Standard library only; it imports its siblings from its own folder.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import struct
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

BASE_PATH = list(sys.path)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

if TYPE_CHECKING:  # run as a script beside these modules; type-checked as the package's
    from proctor.marking.sandbox import _confine as confine
    from proctor.marking.sandbox import _supervise
    from proctor.marking.sandbox._case import landlock_reads, precompile, run_case_process
else:
    import _confine as confine
    import _supervise
    from _case import landlock_reads, precompile, run_case_process

# Modules the students' code commonly imports: loaded once here, before any hook, so a
# forked case does not pay for them (and the stdlib's own import-time introspection runs
# outside the audit hook).
PRELOAD = (
    "abc array ast bisect builtins collections collections.abc copy dataclasses datetime "
    "decimal enum fractions functools heapq io itertools json keyword linecache math "
    "numbers operator random re statistics string struct textwrap time traceback types "
    "typing unicodedata"
).split()


def read_message(stream: int) -> dict[str, Any] | None:
    head = _read_exact(stream, 4)
    if head is None:
        return None
    (size,) = struct.unpack("!I", head)
    body = _read_exact(stream, size)
    return None if body is None else json.loads(body)


def _read_exact(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def write_message(fd: int, message: dict[str, Any]) -> None:
    body = json.dumps(message).encode()
    data = struct.pack("!I", len(body)) + body
    while data:
        data = data[os.write(fd, data) :]


def setup_namespaces(conf: dict[str, Any], work_dir: str) -> dict[str, Any]:
    """Once per zygote: a private network (and, as root, mount) namespace. Returns what
    took effect, for the sandbox's strength record."""
    done: dict[str, bool | str] = {"netns": False, "mounts": False}
    mode = conf["mode"]
    if mode == "root":
        try:
            confine.unshare(confine.CLONE_NEWNS | confine.CLONE_NEWNET)
            done["netns"] = True
            confine.mount("none", "/", None, confine.MS_REC | confine.MS_PRIVATE, None)
            _expose(conf.get("expose", []), work_dir)
            done["mounts"] = True
        except OSError as exc:
            done["error"] = str(exc)
    elif mode == "userns":
        uid, gid = os.getuid(), os.getgid()
        try:
            confine.unshare(confine.CLONE_NEWUSER | confine.CLONE_NEWNET)
            confine.write_id_maps(uid, uid, gid, gid)
            done["netns"] = True
        except OSError as exc:
            done["error"] = str(exc)
    return done


def _expose(plan: list[dict[str, Any]], work_dir: str) -> None:
    """Make the interpreter's folders reachable by the case uid when one of their ancestors
    is private (e.g. /root): cover that ancestor with an empty tmpfs and bind the needed
    folders back at their own paths. Only this zygote's mount namespace sees it."""
    for index, item in enumerate(plan):
        cover, keep = item["cover"], item["keep"]
        stages = []
        for n, path in enumerate(keep):
            stage = os.path.join(work_dir, f".stage{index}-{n}")
            os.makedirs(stage, exist_ok=True)
            confine.mount(path, stage, None, confine.MS_BIND | confine.MS_REC, None)
            stages.append((stage, path))
        confine.mount(
            "tmpfs", cover, "tmpfs", confine.MS_NOSUID | confine.MS_NODEV, "mode=0755,size=64k"
        )
        for stage, path in stages:
            os.makedirs(path, exist_ok=True)
            confine.mount(stage, path, None, confine.MS_BIND | confine.MS_REC, None)
            confine.umount(stage)
            os.rmdir(stage)


def _works_in_child(action: Callable[[], None]) -> bool:
    """Whether `action` succeeds in a throwaway child (exit 0)."""
    pid = os.fork()
    if pid == 0:
        try:
            action()
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def probe_case_layers(conf: dict[str, Any]) -> None:
    """Decide, by trying, which per-case layers this kernel grants; recorded in conf."""
    linux = sys.platform.startswith("linux")

    def pid_namespace() -> None:
        flags = confine.CLONE_NEWPID
        if conf["mode"] == "userns":
            uid, gid = os.getuid(), os.getgid()
            confine.unshare(flags | confine.CLONE_NEWUSER)
            confine.write_id_maps(uid, uid, gid, gid)
        else:
            confine.unshare(flags)
        child = os.fork()
        if child == 0:
            os._exit(0 if os.getpid() == 1 else 1)
        _, status = os.waitpid(child, 0)
        os._exit(os.WEXITSTATUS(status))

    def seccomp() -> None:
        confine.prctl(confine.PR_SET_NO_NEW_PRIVS, 1)
        confine.seccomp_install(allow_processes=False, allow_exec=False)

    wants_ns = conf["mode"] in ("root", "userns")
    conf["pidns"] = linux and wants_ns and _works_in_child(pid_namespace)
    conf["seccomp"] = bool(
        conf.get("seccomp", True) and confine.seccomp_supported() and _works_in_child(seccomp)
    )
    conf["landlock"] = confine.landlock_abi() if conf.get("landlock", True) else 0
    if conf["seccomp"]:
        for allow_processes, allow_exec in ((False, False), (False, True), (True, True)):
            confine.seccomp_prepare(allow_processes, allow_exec, pinned=not allow_processes)


def landlock_rulesets(job: dict[str, Any], conf: dict[str, Any]) -> dict[tuple[str, ...], int]:
    """One Landlock ruleset per set of read paths in this job, writable beneath the job's
    folder, which only ever holds the one case folder that is running; cases inherit the
    descriptors and apply them with one system call."""
    rulesets: dict[tuple[str, ...], int] = {}
    if not conf.get("landlock"):
        return rulesets
    for case in [*job["cases"], *([job["build"]] if job.get("build") else [])]:
        key = tuple(case.get("read_paths", []))
        if key not in rulesets:
            reads = landlock_reads(conf, case)
            writes = [job["job_dir"], "/dev/null"]
            rulesets[key] = confine.landlock_ruleset(reads, writes, conf["landlock"])
    return rulesets


def run_job(job: dict[str, Any], conf: dict[str, Any], out_fd: int) -> None:
    job_dir = job["job_dir"]
    job["compiled"] = precompile(job)
    job["landlock_rulesets"] = landlock_rulesets(job, conf)
    if conf["mode"] != "root":
        os.chmod(job_dir, 0o500)  # a case may not leave files beside its folder for the next
    try:
        _run_cases(job, conf, out_fd)
    finally:
        for fd in job["landlock_rulesets"].values():
            os.close(fd)
        os.chmod(job_dir, 0o700)
        shutil.rmtree(job_dir, ignore_errors=True)
    write_message(out_fd, {"type": "done"})


def _run_cases(job: dict[str, Any], conf: dict[str, Any], out_fd: int) -> None:
    built: dict[str, tuple[bytes, int]] | None = None
    build_error: dict[str, Any] | None = None
    if job.get("build"):
        result, built = supervise(job, job["build"], conf, keep_files=True)
        if built is None:
            build_error = result
        write_message(out_fd, {"type": "build", **result})
    for case in job["cases"]:
        if build_error is not None:
            write_message(out_fd, {"type": "case", "name": case["name"], "status": "no_build"})
            continue
        result, _ = supervise(job, case, conf, built=built)
        write_message(out_fd, {"type": "case", **result})


def supervise(
    job: dict[str, Any],
    case: dict[str, Any],
    conf: dict[str, Any],
    built: dict[str, tuple[bytes, int]] | None = None,
    keep_files: bool = False,
) -> tuple[dict[str, Any], dict[str, tuple[bytes, int]] | None]:
    """Run one case and take its report. When seccomp forbids the case any new process, the
    zygote forks the case itself (nothing can outlive it, so no PID namespace is needed);
    otherwise a supervisor is forked first, which puts the case in a PID namespace (and, as
    a user, a user namespace) of its own, so everything it starts dies with it."""
    if conf.get("seccomp") and not case.get("allow_processes"):
        try:
            report, files = _supervisor(job, case, conf, built, keep_files, separate=False)
        except Exception as exc:
            return {"name": case["name"], "status": "setup_error", "detail": repr(exc)}, None
        return {"name": case["name"], **report}, files
    report_r, report_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(report_r)
        try:
            report, files = _supervisor(job, case, conf, built, keep_files, separate=True)
            payload = {"report": report}
            if files is not None:
                payload["files"] = {k: [v.hex(), m] for k, (v, m) in files.items()}
            write_message(report_w, payload)
        except BaseException as exc:
            write_message(report_w, {"report": {"status": "setup_error", "detail": repr(exc)}})
        finally:
            os._exit(0)
    os.close(report_w)
    message = read_message(report_r)
    os.close(report_r)
    os.waitpid(pid, 0)
    if message is None:
        return {"name": case["name"], "status": "setup_error", "detail": "no report"}, None
    report = {"name": case["name"], **message["report"]}
    files = message.get("files")
    if files is None:
        return report, None
    return report, {k: (bytes.fromhex(h), m) for k, (h, m) in files.items()}


def _supervisor(
    job: dict[str, Any],
    case: dict[str, Any],
    conf: dict[str, Any],
    built: dict[str, tuple[bytes, int]] | None,
    keep_files: bool,
    separate: bool,
) -> tuple[dict[str, Any], dict[str, tuple[bytes, int]] | None]:
    if separate:
        confine.die_with_parent()
    case_dir = os.path.join(job["job_dir"], "c-" + os.urandom(6).hex())
    if conf["mode"] != "root":
        os.chmod(job["job_dir"], 0o700)
    os.mkdir(case_dir, 0o700)
    if conf["mode"] != "root":
        os.chmod(job["job_dir"], 0o500)
    _write_files(case_dir, job["files"], built)
    if conf["mode"] == "root":
        for root, dirs, files in os.walk(case_dir):
            for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                os.lchown(name, conf["uid"], conf["gid"])
    limits = case.get("limits") or job["limits"]
    flags = 0
    use_pidns = separate and bool(conf.get("pidns"))
    if use_pidns:
        flags |= confine.CLONE_NEWPID
        if conf["mode"] == "userns":
            flags |= confine.CLONE_NEWUSER
    if flags:
        uid, gid = os.getuid(), os.getgid()
        confine.unshare(flags)
        if flags & confine.CLONE_NEWUSER:
            confine.write_id_maps(uid, uid, gid, gid)
    pipes = {name: os.pipe() for name in ("stdin", "stdout", "stderr", "result")}
    pid = os.fork()
    if pid == 0:
        try:
            run_case_process(job, case, conf, case_dir, limits, pipes)
        finally:
            os._exit(120)  # never back into the supervisor's code
    for name, (r, w) in pipes.items():
        os.close(r if name == "stdin" else w)

    def kill() -> None:
        try:
            os.kill(pid, signal.SIGKILL)
            if not use_pidns:
                os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    got = _supervise.pump(
        case.get("input", "").encode(),
        pipes["stdin"][1],
        {"stdout": pipes["stdout"][0], "stderr": pipes["stderr"][0], "result": pipes["result"][0]},
        limits["output_bytes"],
        256 * 1024,
        limits["wall_s"],
        kill,
    )
    status, usage, late = _reap(pid, limits["wall_s"] - got.wall_s, kill)
    got.timed_out = got.timed_out or late
    if not use_pidns:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    report = {
        "status": "signal" if os.WIFSIGNALED(status) else "exit",
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "timed_out": got.timed_out,
        "flooded": got.flooded,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 4),
        "wall_s": round(got.wall_s, 4),
        "stdout": got.stdout.decode("utf-8", "replace"),
        "stderr": got.stderr.decode("utf-8", "replace"),
        "result": got.result.decode("utf-8", "replace"),
    }
    kept = _collect_files(case_dir) if keep_files and report["code"] == 0 else None
    shutil.rmtree(case_dir, ignore_errors=True)
    return report, kept


def _reap(pid: int, left_s: float, kill: Callable[[], None]) -> tuple[int, Any, bool]:
    """Wait for the case process; one that closed its outputs but lives on is killed at the
    deadline."""
    deadline = time.monotonic() + max(left_s, 0.0)
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:
        try:
            ready, _, _ = select.select([pidfd], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(pidfd)
        if not ready:
            kill()
        _, status, usage = os.wait4(pid, 0)
        return status, usage, not ready
    pause = 0.0005
    while True:
        got, status, usage = os.wait4(pid, os.WNOHANG)
        if got:
            return status, usage, False
        if time.monotonic() >= deadline:
            kill()
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def _write_files(case_dir: str, files: dict[str, str], built: dict[str, Any] | None) -> None:
    for name, text in files.items():
        path = os.path.join(case_dir, name)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    for name, (data, mode) in (built or {}).items():
        path = os.path.join(case_dir, name)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode & 0o755)


def _collect_files(case_dir: str, cap: int = 64 * 1024 * 1024) -> dict[str, tuple[bytes, int]]:
    """What a build left in its folder (regular files only, up to `cap` bytes in all)."""
    found: dict[str, tuple[bytes, int]] = {}
    total = 0
    for root, _dirs, files in os.walk(case_dir):
        for name in files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            if not os.path.isfile(path) or os.path.islink(path):
                continue
            total += st.st_size
            if total > cap:
                return found
            with open(path, "rb") as f:
                found[os.path.relpath(path, case_dir)] = (f.read(), st.st_mode)
    return found


def main() -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    stdin, stdout = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    for name in PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass
    hello = read_message(stdin)
    if hello is None:
        return
    conf = hello["confine"]
    confine.die_with_parent()
    conf["stdlib_path"] = BASE_PATH
    done = setup_namespaces(conf, hello["work_dir"])
    if conf["mode"] == "userns" and not done["netns"]:
        conf["mode"] = "plain"  # user namespaces refused here: rlimits, Landlock, seccomp
    probe_case_layers(conf)
    layers = {k: conf[k] for k in ("mode", "pidns", "seccomp", "landlock")}
    write_message(stdout, {"type": "ready", **done, **layers})
    while True:
        job = read_message(stdin)
        if job is None:
            return
        run_job(job, conf, stdout)


if __name__ == "__main__":
    main()

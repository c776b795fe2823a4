"""Linux confinement primitives for the marking sandbox: namespaces, uid maps, Landlock,
seccomp, capabilities and resource limits, through ctypes.

Standard library only: the sandbox's harness loads this file into an isolated interpreter
(`python -I -S`), so it must not import the rest of the project. Every function either
does its job or raises OSError; callers decide what a failure means for the case.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
import sys
from typing import Any

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]  # the module is absent on Windows

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_THREAD = 0x00010000

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_CAPBSET_DROP = 24
PR_SET_SECCOMP = 22
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
SECCOMP_MODE_FILTER = 2

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

LINUX = sys.platform.startswith("linux")
_libc: Any = ctypes.CDLL(None, use_errno=True) if os.name == "posix" else None
if LINUX:
    _libc.syscall.restype = ctypes.c_long
    _libc.prctl.restype = ctypes.c_int
    _libc.prctl.argtypes = [
        ctypes.c_int,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
        ctypes.c_ulong,
    ]
    _libc.mount.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_ulong,
        ctypes.c_char_p,
    ]
    _libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]


def _check(result: int, what: str) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")
    return result


def prctl(option: int, a2: int = 0, a3: int = 0, a4: int = 0, a5: int = 0) -> int:
    return _check(_libc.prctl(option, a2, a3, a4, a5), f"prctl({option})")


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            flags,
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def umount(target: str) -> None:
    _check(_libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")


def write_id_maps(uid_inside: int, uid_outside: int, gid_inside: int, gid_outside: int) -> None:
    """Map one uid and one gid into a user namespace this process just created."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid_inside} {uid_outside} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid_inside} {gid_outside} 1")


def die_with_parent() -> None:
    """SIGKILL this process when its parent dies (and exit now if it is already gone)."""
    if not LINUX:
        return
    parent = os.getppid()
    prctl(PR_SET_PDEATHSIG, 9)
    if os.getppid() != parent:
        os._exit(137)


# --- capabilities -------------------------------------------------------------------------


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> None:
    """Empty the bounding, ambient, effective, permitted and inheritable sets."""
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 and ctypes.get_errno() == errno.EINVAL:
            break
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")


# --- resource limits ----------------------------------------------------------------------


def set_limit(which: int, value: int) -> None:
    try:
        try:
            resource.setrlimit(which, (value, value))
        except ValueError:
            # Cannot raise above the inherited hard limit: lower the soft one only.
            hard = resource.getrlimit(which)[1]
            resource.setrlimit(which, (min(value, hard), hard))
    except (ValueError, OSError):
        if LINUX:
            raise  # elsewhere some limits are not supported (RLIMIT_AS on macOS)


def apply_limits(cpu_s: int, memory_mb: int, fsize_mb: int, nproc: int | None, nofile: int) -> None:
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
    set_limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    set_limit(resource.RLIMIT_FSIZE, fsize_mb * 1024 * 1024)
    set_limit(resource.RLIMIT_CORE, 0)
    set_limit(resource.RLIMIT_NOFILE, nofile)
    set_limit(resource.RLIMIT_MEMLOCK, 0)
    if hasattr(resource, "RLIMIT_MSGQUEUE"):
        set_limit(resource.RLIMIT_MSGQUEUE, 0)
    if nproc is not None:
        set_limit(resource.RLIMIT_NPROC, nproc)


# --- Landlock -----------------------------------------------------------------------------

_SYS_LANDLOCK_CREATE = 444
_SYS_LANDLOCK_ADD_RULE = 445
_SYS_LANDLOCK_RESTRICT = 446

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13
FS_TRUNCATE = 1 << 14
FS_IOCTL_DEV = 1 << 15
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX = 1 << 0
SCOPE_SIGNAL = 1 << 1

_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is absent or disabled."""
    if not LINUX:
        return 0
    try:
        version = _libc.syscall(_SYS_LANDLOCK_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except OSError:
        return 0
    return int(version) if version > 0 else 0


def _handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def landlock_restrict(read_paths: list[str], write_paths: list[str], abi: int) -> None:
    """Allow reading (and executing) beneath read_paths and everything beneath write_paths;
    deny every other file access, every TCP bind/connect (ABI 4+) and signals or abstract
    sockets leaving the domain (ABI 6+). Needs no_new_privs or CAP_SYS_ADMIN."""
    fd = landlock_ruleset(read_paths, write_paths, abi)
    try:
        landlock_apply(fd)
    finally:
        os.close(fd)


def landlock_apply(ruleset_fd: int) -> None:
    """Restrict this process (and all it starts) to a ruleset built before, e.g. once per
    job in the zygote and inherited by every case."""
    _check(
        _libc.syscall(_SYS_LANDLOCK_RESTRICT, ctypes.c_int(ruleset_fd), ctypes.c_uint32(0)),
        "landlock",
    )


def landlock_ruleset(read_paths: list[str], write_paths: list[str], abi: int) -> int:
    """The ruleset of landlock_restrict, as a file descriptor (the caller closes it)."""
    handled = _handled_fs(abi)
    net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL if abi >= 6 else 0
    if abi >= 6:
        attr = struct.pack("=QQQ", handled, net, scoped)
    elif abi >= 4:
        attr = struct.pack("=QQ", handled, net)
    else:
        attr = struct.pack("=Q", handled)
    buf = ctypes.create_string_buffer(attr, len(attr))
    fd = _check(
        _libc.syscall(_SYS_LANDLOCK_CREATE, buf, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0)),
        "landlock_create_ruleset",
    )
    try:
        read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        for rights, paths in ((read, read_paths), (handled, write_paths)):
            for path in paths:
                _landlock_add_path(fd, path, rights & handled)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _landlock_add_path(ruleset_fd: int, path: str, rights: int) -> None:
    try:
        pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path this machine lacks grants nothing
    try:
        if not os.path.isdir(path):
            rights &= _FILE_RIGHTS
        rule = ctypes.create_string_buffer(struct.pack("=Qi", rights, pfd), 12)
        _check(
            _libc.syscall(
                _SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset_fd), ctypes.c_int(1), rule, 0
            ),
            f"landlock rule {path}",
        )
    finally:
        os.close(pfd)


# --- seccomp ------------------------------------------------------------------------------

_ARCHES = {
    # machine: (AUDIT_ARCH, syscall numbers)
    "x86_64": (
        0xC000003E,
        {
            "fork": 57,
            "vfork": 58,
            "clone": 56,
            "clone3": 435,
            "execve": 59,
            "execveat": 322,
            "socket": 41,
            "kill": 62,
            "tkill": 200,
            "tgkill": 234,
            "ptrace": 101,
            "process_vm_readv": 310,
            "process_vm_writev": 311,
            "mount": 165,
            "umount2": 166,
            "unshare": 272,
            "setns": 308,
            "pivot_root": 155,
            "chroot": 161,
            "bpf": 321,
            "perf_event_open": 298,
            "keyctl": 250,
            "add_key": 248,
            "request_key": 249,
            "userfaultfd": 323,
            "io_uring_setup": 425,
            "kexec_load": 246,
            "init_module": 175,
            "finit_module": 313,
            "delete_module": 176,
            "reboot": 169,
            "open_by_handle_at": 304,
            "name_to_handle_at": 303,
        },
    ),
    "aarch64": (
        0xC00000B7,
        {
            "clone": 220,
            "clone3": 435,
            "execve": 221,
            "execveat": 281,
            "socket": 198,
            "kill": 129,
            "tkill": 130,
            "tgkill": 131,
            "ptrace": 117,
            "process_vm_readv": 270,
            "process_vm_writev": 271,
            "mount": 40,
            "umount2": 39,
            "unshare": 97,
            "setns": 268,
            "pivot_root": 41,
            "chroot": 51,
            "bpf": 280,
            "perf_event_open": 241,
            "keyctl": 219,
            "add_key": 217,
            "request_key": 218,
            "userfaultfd": 282,
            "io_uring_setup": 425,
            "kexec_load": 104,
            "init_module": 105,
            "finit_module": 273,
            "delete_module": 106,
            "reboot": 142,
            "open_by_handle_at": 265,
            "name_to_handle_at": 264,
        },
    ),
}

_RET_KILL_PROCESS = 0x80000000
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000

_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_RET_K = 0x06


def seccomp_supported() -> bool:
    return LINUX and os.uname().machine in _ARCHES


def _stmt(code: int, k: int) -> tuple[int, int, int, int]:
    return (code, 0, 0, k)


def _jump(code: int, k: int, jt: int, jf: int) -> tuple[int, int, int, int]:
    return (code, jt, jf, k)


def seccomp_program(
    allow_processes: bool, allow_exec: bool, own_pid: int = 0
) -> list[tuple[int, int, int, int]]:
    """A BPF filter that kills the process on sockets, escapes (ptrace, mount, namespaces,
    bpf, io_uring, kernel modules…), and unless allowed on new processes and on exec.
    Threads stay allowed; clone3 answers ENOSYS so libc falls back to clone. With own_pid,
    kill and tgkill reach only this process (and its group, 0); tkill is refused."""
    arch, nr = _ARCHES[os.uname().machine]
    killed = [
        "socket",
        "ptrace",
        "process_vm_readv",
        "process_vm_writev",
        "mount",
        "umount2",
        "unshare",
        "setns",
        "pivot_root",
        "chroot",
        "bpf",
        "perf_event_open",
        "keyctl",
        "add_key",
        "request_key",
        "userfaultfd",
        "io_uring_setup",
        "kexec_load",
        "init_module",
        "finit_module",
        "delete_module",
        "reboot",
        "open_by_handle_at",
        "name_to_handle_at",
    ]
    if not allow_processes:
        killed += [name for name in ("fork", "vfork") if name in nr]
    if not allow_exec:
        killed += ["execve", "execveat"]
    prog: list[tuple[int, int, int, int]] = [
        _stmt(_LD_W_ABS, 4),
        _jump(_JEQ_K, arch, 1, 0),
        _stmt(_RET_K, _RET_KILL_PROCESS),
        _stmt(_LD_W_ABS, 0),
    ]
    if arch == 0xC000003E:  # x32 syscalls on x86_64
        prog += [_jump(_JGE_K, 0x40000000, 0, 1), _stmt(_RET_K, _RET_KILL_PROCESS)]
    for name in killed:
        prog += [_jump(_JEQ_K, nr[name], 0, 1), _stmt(_RET_K, _RET_KILL_PROCESS)]
    prog += [_jump(_JEQ_K, nr["clone3"], 0, 1), _stmt(_RET_K, _RET_ERRNO | errno.ENOSYS)]
    if own_pid:
        for name in ("kill", "tgkill"):
            prog += [
                _jump(_JEQ_K, nr[name], 0, 5),
                _stmt(_LD_W_ABS, 16),
                _jump(_JEQ_K, own_pid, 2, 0),
                _jump(_JEQ_K, 0, 1, 0),
                _stmt(_RET_K, _RET_ERRNO | errno.EPERM),
                _stmt(_LD_W_ABS, 0),
            ]
        prog += [_jump(_JEQ_K, nr["tkill"], 0, 1), _stmt(_RET_K, _RET_ERRNO | errno.EPERM)]
    else:  # kill(-1, sig) would reach every process this uid may signal
        prog += [
            _jump(_JEQ_K, nr["kill"], 0, 3),
            _stmt(_LD_W_ABS, 16),
            _jump(_JEQ_K, 0xFFFFFFFF, 0, 1),
            _stmt(_RET_K, _RET_ERRNO | errno.EPERM),
            _stmt(_LD_W_ABS, 0),
        ]
    if not allow_processes:
        prog += [
            _jump(_JEQ_K, nr["clone"], 0, 3),
            _stmt(_LD_W_ABS, 16),
            _jump(_JSET_K, CLONE_THREAD, 1, 0),
            _stmt(_RET_K, _RET_KILL_PROCESS),
        ]
    prog.append(_stmt(_RET_K, _RET_ALLOW))
    return prog


class _SockFilter(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_uint16),
        ("jt", ctypes.c_uint8),
        ("jf", ctypes.c_uint8),
        ("k", ctypes.c_uint32),
    ]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


_PID_SLOT = 0x7FFFFFF0  # stands for the case's pid in a prepared filter
_PREPARED: dict[tuple[bool, bool, bool], tuple[Any, Any, list[int]]] = {}


def seccomp_prepare(allow_processes: bool, allow_exec: bool, pinned: bool) -> None:
    """Build a filter once (in the zygote); a forked case only fills in its pid."""
    key = (allow_processes, allow_exec, pinned)
    if key in _PREPARED:
        return
    prog = seccomp_program(allow_processes, allow_exec, _PID_SLOT if pinned else 0)
    filters = (_SockFilter * len(prog))(*[_SockFilter(c, jt, jf, k) for c, jt, jf, k in prog])
    slots = [i for i, (_, _, _, k) in enumerate(prog) if k == _PID_SLOT]
    _PREPARED[key] = (filters, _SockFprog(len(prog), filters), slots)


def seccomp_install(allow_processes: bool, allow_exec: bool, own_pid: int = 0) -> None:
    """Install the filter (after PR_SET_NO_NEW_PRIVS). It is inherited across fork and exec."""
    key = (allow_processes, allow_exec, bool(own_pid))
    seccomp_prepare(*key)
    filters, fprog, slots = _PREPARED[key]
    for index in slots:
        filters[index].k = own_pid
    _check(
        _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0), "seccomp"
    )

"""The open-file limit: each student holds a stream and a pooled HTTP connection on the host.

Many systems start programs with a soft limit of 1,024 open files (macOS: 256), which a hall
of a few hundred students would exhaust. The soft limit can be raised up to the hard one
without any privilege, so the host (and the benchmark) do that at start.
"""

from __future__ import annotations

import sys

try:
    import resource
except ImportError:  # Windows: no such limit on sockets
    resource = None  # type: ignore[assignment]  # the module is absent on Windows

WANTED = 65536
MACOS_OPEN_MAX = 10240  # macOS refuses more than OPEN_MAX even under an unlimited hard limit


def raise_open_file_limit(wanted: int = WANTED) -> int | None:
    """Raise the soft RLIMIT_NOFILE as far as allowed (children inherit it); the new soft
    limit, or None where there is no such limit."""
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = hard
    if sys.platform == "darwin":
        ceiling = MACOS_OPEN_MAX if hard == resource.RLIM_INFINITY else min(hard, MACOS_OPEN_MAX)
    target = wanted if ceiling == resource.RLIM_INFINITY else min(wanted, ceiling)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return int(soft)

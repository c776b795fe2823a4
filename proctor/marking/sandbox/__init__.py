"""The marking sandbox: code runs in a zygote process that forks a confined process per case.

`Sandbox` (host side) starts the zygote and runs jobs; `SandboxStrength` says what confines
a case on this machine. Modules whose names start with "_" run inside the sandbox's
isolated interpreter and use the standard library only.
"""

from proctor.marking.sandbox.host import (
    JobRunner,
    Limits,
    Sandbox,
    SandboxError,
    SandboxSettings,
    SandboxStrength,
    open_sandbox,
    probe_strength,
)

__all__ = [
    "JobRunner",
    "Limits",
    "Sandbox",
    "SandboxError",
    "SandboxSettings",
    "SandboxStrength",
    "open_sandbox",
    "probe_strength",
]

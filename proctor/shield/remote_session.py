"""Is the exam app shown to the student through a remote session (SSH, RDP, VNC desktops)?

The environment the app was started with tells on Linux and macOS; Windows says it directly:
- `SSH_CONNECTION`, `SSH_CLIENT` or `SSH_TTY`: started from an SSH login (certain);
- `DISPLAY` naming a host (`localhost:10.0`, `192.168.1.5:0`): X11 forwarded over the network,
  as `ssh -X` does (certain);
- `XRDP_SESSION`, `X2GO_SESSION`, `CHROME_REMOTE_DESKTOP_SESSION`, `NXSESSIONID`: a desktop
  opened by xrdp, X2Go, Chrome Remote Desktop or NoMachine (certain);
- `DISPLAY=:10` or higher with no host: the numbers xrdp, Xvnc and X2Go hand out, but a local
  second X server can use them too (suspected);
- Windows: `GetSystemMetrics(SM_REMOTESESSION)` (a Remote Desktop session),
  `GetSystemMetrics(SM_REMOTECONTROL)` (the session is being shadowed), `SESSIONNAME=RDP-...`.
  These can change while the app runs (a console session taken over by RDP), so Windows is
  checked again on every cycle; the environment of a running process does not change.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# environment variable -> what it means (certain)
_SESSION_VARIABLES = (
    ("SSH_CONNECTION", "started from an SSH login"),
    ("SSH_CLIENT", "started from an SSH login"),
    ("SSH_TTY", "started from an SSH login"),
    ("XRDP_SESSION", "an xrdp remote desktop"),
    ("X2GO_SESSION", "an X2Go remote desktop"),
    ("CHROME_REMOTE_DESKTOP_SESSION", "a Chrome Remote Desktop session"),
    ("NXSESSIONID", "a NoMachine session"),
)
_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")
SUSPECT_DISPLAY_FROM = 10  # xrdp starts at :10, sshd's X11DisplayOffset is 10

SM_REMOTESESSION = 0x1000
SM_REMOTECONTROL = 0x2001


@dataclass
class RemoteFinding:
    suspected: bool
    evidence: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        if self.suspected:
            message = f"The exam app may be shown through a remote desktop ({self.evidence[0]})."
        else:
            message = f"The exam app runs in a remote session ({self.evidence[0]})."
        return {
            "name": "remote session",
            "suspected": self.suspected,
            "evidence": list(self.evidence),
            "message": message,
        }


def session_from_environment(env: Mapping[str, str]) -> RemoteFinding | None:
    """What the environment of this process says (pure: pass `os.environ` or any mapping)."""
    certain: list[str] = []
    for variable, meaning in _SESSION_VARIABLES:
        if env.get(variable):
            certain.append(f"{variable} is set: {meaning}")
    suspected: list[str] = []
    display = (env.get("DISPLAY") or "").strip()
    match = _DISPLAY.match(display) if display else None
    if match:
        host = match.group("host")
        if host and not host.startswith("/") and host != "unix":
            certain.append(f"DISPLAY={display}: the screen is forwarded over the network")
        elif int(match.group("number")) >= SUSPECT_DISPLAY_FROM:
            suspected.append(f"DISPLAY={display}: a display number remote desktops use")
    if certain:
        return RemoteFinding(False, certain + suspected)
    if suspected:
        return RemoteFinding(True, suspected)
    return None


def session_from_windows() -> RemoteFinding | None:
    """Windows' own word on the current session; None elsewhere or when it says nothing."""
    if sys.platform != "win32":
        return None
    import ctypes

    metrics = ctypes.windll.user32.GetSystemMetrics
    evidence = []
    if metrics(SM_REMOTESESSION):
        evidence.append("Windows reports a Remote Desktop session (SM_REMOTESESSION)")
    if metrics(SM_REMOTECONTROL):
        evidence.append("Windows reports the session is remotely controlled (SM_REMOTECONTROL)")
    session = os.environ.get("SESSIONNAME", "")
    if session.upper().startswith("RDP-"):
        evidence.append(f"SESSIONNAME={session}")
    return RemoteFinding(False, evidence) if evidence else None


def detect_remote_session(env: Mapping[str, str] | None = None) -> RemoteFinding | None:
    """Both checks together; never raises."""
    try:
        windows = session_from_windows()
    except Exception:
        windows = None
    found = session_from_environment(os.environ if env is None else env)
    if windows is None:
        return found
    if found is not None:
        windows.evidence.extend(found.evidence)
    return windows

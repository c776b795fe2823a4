"""How the shield compares program names: `Discord.exe`, `discord` and `Discord.app` are one."""

from __future__ import annotations

_SUFFIXES = (".exe", ".app")


def normalise_name(name: str) -> str:
    """`Discord.exe`, `discord` and `Discord.app` all become `discord`."""
    name = name.strip().casefold()
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def base_name(path: str) -> str:
    """The last part of a program path, for both separators whatever the platform we run on."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]

"""Where Proctor keeps its files and finds its assets."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "proctor"


def assets_dir() -> Path:
    """The `assets/` folder: beside the package in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "assets"
    return Path(__file__).resolve().parents[2] / "assets"


def user_data_root() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_host_data_dir() -> Path:
    return user_data_root() / "host"


def default_student_data_dir() -> Path:
    return user_data_root() / "student"

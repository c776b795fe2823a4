"""The packaged build for tests: built from build.spec with PyInstaller, and kept in a cache
keyed by everything the bundle is made from, so it is rebuilt only when one of them changes.

What the key covers: every file under proctor/ and assets/, build.spec, pyproject.toml, the
Python version and platform, and the name and version of every installed distribution. Tests,
docs and benchmarks are not in it: changing them reuses the bundle.

The cache lives outside the checkout (PROCTOR_BUNDLE_CACHE, else the user cache folder), so a
fresh clone with the same sources reuses it too; the two newest bundles are kept.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import platformdirs

from tests.helpers.constants import ROOT

SOURCES = ("proctor", "assets")
SOURCE_FILES = ("build.spec", "pyproject.toml")
KEEP_BUNDLES = 2
BUILD_TIMEOUT_S = 1200


@dataclass(frozen=True)
class Bundle:
    folder: Path  # dist/proctor: what is shipped
    executable: Path  # dist/proctor/proctor
    key: str
    build_s: float  # how long its build took
    reused: bool  # True when it came from the cache


def source_files(root: Path) -> Iterator[Path]:
    """The files the bundle is built from, in a stable order."""
    for folder in SOURCES:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                yield path
    for name in SOURCE_FILES:
        yield root / name


def installed_distributions() -> list[str]:
    names = {f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()}
    return sorted(names)


def source_key(root: Path = ROOT, environment: list[str] | None = None) -> str:
    """A hash of the sources and of the environment that builds them."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    if environment is None:
        environment = [sys.version, sys.platform, platform.machine(), *installed_distributions()]
    digest.update("\n".join(environment).encode())
    return digest.hexdigest()[:20]


def cache_root() -> Path:
    configured = os.environ.get("PROCTOR_BUNDLE_CACHE")
    return Path(configured) if configured else platformdirs.user_cache_path("proctor") / "bundles"


def pyinstaller_available() -> bool:
    try:
        metadata.version("pyinstaller")
    except metadata.PackageNotFoundError:
        return False
    return True


def build(dist: Path, work: Path, form: str = "--onedir", log: Path | None = None) -> float:
    """Run PyInstaller over build.spec (`form`: --onedir, --onefile or "" for both) into
    `dist`; returns the seconds it took. Raises AssertionError with the log's end on failure."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), "build.spec"]
    command += ["--", form] if form else []
    log = log or work.parent / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
    if done.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        raise AssertionError(f"PyInstaller failed (exit {done.returncode}):\n{tail}")
    return time.monotonic() - started


def cached_onedir() -> Bundle:
    """The one-folder bundle of these sources: from the cache, or built now."""
    key = source_key()
    cache = cache_root()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; the others then reuse it
        entry = cache / key
        info_file = entry / "bundle.json"
        reused = info_file.exists()
        if not reused:
            staging = cache / f"{key}.building"
            shutil.rmtree(staging, ignore_errors=True)
            build_s = build(staging / "dist", staging / "work", "--onedir", staging / "build.log")
            shutil.rmtree(staging / "work")
            (staging / "bundle.json").write_text(json.dumps({"key": key, "build_s": build_s}))
            shutil.rmtree(entry, ignore_errors=True)
            staging.rename(entry)
            _prune(cache, keep=entry)
        info = json.loads(info_file.read_text())
        os.utime(entry)  # the newest in use is the last to be pruned
    folder = entry / "dist" / "proctor"
    return Bundle(folder, folder / "proctor", key, float(info["build_s"]), reused)


def _prune(cache: Path, keep: Path) -> None:
    """Keep the newest KEEP_BUNDLES bundles (always `keep`); remove the rest."""
    bundles = [p for p in cache.iterdir() if p.is_dir() and (p / "bundle.json").exists()]
    bundles.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    others = [p for p in bundles if p != keep]
    for stale in others[KEEP_BUNDLES - 1 :]:
        shutil.rmtree(stale, ignore_errors=True)


def folder_size(path: Path) -> int:
    """Bytes on disk of the files under `path` (a symbolic link counts once, as its target)."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())

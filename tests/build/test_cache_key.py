"""The bundle cache's key changes with what the bundle is made of, and only with that; the
cache keeps the newest bundles."""

from __future__ import annotations

import os
from pathlib import Path

from tests.build.bundle import ROOT, _prune, source_files, source_key

ENVIRONMENT = ["3.11.7", "linux", "x86_64", "PySide6-Essentials==6.11.3"]


def make_tree(root: Path) -> Path:
    for name, text in {
        "proctor/__init__.py": "__version__ = '0.1.0'\n",
        "proctor/host/server.py": "PORT = 8080\n",
        "assets/style.qss": "QWidget {}\n",
        "build.spec": "# spec\n",
        "pyproject.toml": "[project]\n",
        "tests/test_x.py": "def test(): pass\n",
        "docs/INSTALL.md": "# Installing\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def key(root: Path, environment: list[str] = ENVIRONMENT) -> str:
    return source_key(root, environment)


def test_the_key_is_stable(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    assert key(tree) == key(tree)
    assert key(tree) == key(make_tree(tmp_path / "copy"))


def test_sources_change_the_key(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    before = key(tree)
    (tree / "proctor/host/server.py").write_text("PORT = 8081\n")
    changed_module = key(tree)
    (tree / "assets/new.json").write_text("{}")
    added_asset = key(tree)
    (tree / "build.spec").write_text("# spec, changed\n")
    changed_spec = key(tree)
    (tree / "proctor/host/server.py").rename(tree / "proctor/host/room_server.py")
    moved_module = key(tree)
    assert len({before, changed_module, added_asset, changed_spec, moved_module}) == 5


def test_the_environment_changes_the_key(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    upgraded = [*ENVIRONMENT[:-1], "PySide6-Essentials==6.11.4"]
    assert key(tree) != key(tree, upgraded)


def test_tests_docs_and_caches_do_not(tmp_path: Path) -> None:
    tree = make_tree(tmp_path)
    before = key(tree)
    (tree / "tests/test_x.py").write_text("def test(): assert True\n")
    (tree / "docs/INSTALL.md").write_text("# Installing, again\n")
    (tree / "proctor/__pycache__").mkdir()
    (tree / "proctor/__pycache__/server.cpython-311.pyc").write_bytes(b"\0")
    assert key(tree) == before


def test_the_real_sources_include_the_spec_and_the_package() -> None:
    files = {path.relative_to(ROOT).as_posix() for path in source_files(ROOT)}
    assert {"build.spec", "pyproject.toml", "proctor/__init__.py", "proctor/cli.py"} <= files
    assert not any(name.startswith(("tests/", "docs/")) for name in files)


def test_the_cache_keeps_the_newest_bundles(tmp_path: Path) -> None:
    for age, name in enumerate(["newest", "older", "oldest", "ancient"]):
        (tmp_path / name).mkdir()
        (tmp_path / name / "bundle.json").write_text("{}")
        os.utime(tmp_path / name, (1_000_000 - age * 100, 1_000_000 - age * 100))
    (tmp_path / "half-built.building").mkdir()  # no bundle.json: not a bundle, left alone
    _prune(tmp_path, keep=tmp_path / "ancient")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ancient",
        "half-built.building",
        "newest",
    ]

"""Loading an exam paper folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from proctor.host.server.paper import MAX_FILE_BYTES, PaperError, load_paper


def test_the_sample_paper_is_served_without_a_folder() -> None:
    paper = load_paper(None)
    assert paper["title"] and paper["instructions"].strip()
    assert paper["files"] and paper["warnings"] == []


def test_a_paper_folder_gives_title_instructions_and_starter_files(tmp_path: Path) -> None:
    (tmp_path / "instructions.md").write_text("Intro\n# Binary search\n\nText\n", encoding="utf-8")
    (tmp_path / "search.py").write_text("def search(xs, x):\n    pass\n", encoding="utf-8")
    (tmp_path / "data.txt").write_bytes("ﬁle\n".encode("utf-8-sig"))
    paper = load_paper(tmp_path)
    assert paper["title"] == "Binary search"
    assert paper["files"] == {"data.txt": "ﬁle\n", "search.py": "def search(xs, x):\n    pass\n"}
    assert paper["warnings"] == []


def test_odd_files_are_skipped_or_repaired_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "my_exam"
    folder.mkdir()
    (folder / "latin1.py").write_bytes(b"# caf\xe9\n")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    (folder / "big.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (folder / "bad name.py").write_text("x = 1\n")
    (folder / ".hidden").write_text("secret\n")
    (folder / "sub").mkdir()
    paper = load_paper(folder)
    assert paper["title"] == "My Exam"  # from the folder name when instructions are missing
    assert paper["instructions"] == ""
    assert set(paper["files"]) == {"latin1.py"}
    assert paper["files"]["latin1.py"] == "# caf\ufffd\n"
    warnings = " ".join(paper["warnings"])
    for name in ("instructions.md", "latin1.py", "image.png", "big.txt", "bad name.py"):
        assert name in warnings, name
    assert ".hidden" not in warnings


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PaperError, match="does not exist"):
        load_paper(tmp_path / "nope")

"""`proctor paper check PATH`: the problems a host would refuse a paper for, by file and
line (exit 1), or a one-screen summary of the paper (exit 0). `proctor paper schema` prints
the JSON Schema of paper.toml."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from proctor.paper.exam import ExamPaper
from proctor.paper.load import PAPER_TOML, load_paper
from proctor.paper.model import QUESTION_TYPES, CodeQuestion
from proctor.paper.problems import PaperError
from proctor.paper.schema import paper_schema, schema_text
from proctor.paper.variants import count_variants


def questions_per_student(paper: ExamPaper) -> int:
    """How many questions each student gets: those outside pools, and each pool's draw."""
    outside = sum(1 for q in paper.questions if q.spec.pool is None)
    return outside + sum(p.draw for p in paper.pools)


def points_range(paper: ExamPaper) -> tuple[float, float]:
    """The fewest and most points a student's variant can be worth."""
    low = high = sum(q.spec.points for q in paper.questions if q.spec.pool is None)
    for pool in paper.pools:
        points = sorted(q.spec.points for q in paper.questions if q.spec.pool == pool.id)
        low += sum(points[: pool.draw])
        high += sum(points[len(points) - pool.draw :])
    return low, high


def summary(paper: ExamPaper, folder: Path) -> list[str]:
    lines = [f"{paper.title}  ({folder})"]
    if not paper.has_questions:
        count = len(paper.files)
        lines.append(f"no {PAPER_TOML}: instructions and {count} starter file{_s(count)}")
        lines += [f"  {name}" for name in paper.files]
        lines += [f"warning: {w}" for w in paper.warnings]
        return lines
    by_file = Counter(q.source for q in paper.questions)
    by_type: Counter[str] = Counter(q.spec.type for q in paper.questions)
    where = ", ".join(f"{n} in {f}" for f, n in by_file.items())
    lines.append(f"questions: {len(paper.questions)} ({where})")
    lines.append("  " + " · ".join(f"{t} {by_type[t]}" for t in QUESTION_TYPES if by_type[t]))
    for pool in paper.pools:
        members = sum(1 for q in paper.questions if q.spec.pool == pool.id)
        lines.append(f"pool {pool.id}: draws {pool.draw} of {members}")
    per_student = questions_per_student(paper)
    low, high = points_range(paper)
    worth = _number(low) if low == high else f"{_number(low)} to {_number(high)}"
    lines.append(f"each student: {per_student} questions, {worth} points")
    sets, variants = count_variants(paper)
    lines.append(
        f"variants: {sets} question set{_s(sets)};"
        f" {_big(variants)} counting question and option order"
    )
    order = "shuffled" if paper.shuffle_questions else "as written"
    options = "shuffled" if paper.shuffle_options else "as written"
    passing = f" · pass at {_number(paper.pass_percent)}%" if paper.pass_percent is not None else ""
    lines.append(f"questions {order}, options {options} · feedback: {paper.feedback}{passing}")
    code = paper.code_questions()
    if code:
        languages = sorted({q.spec.language for q in code if isinstance(q.spec, CodeQuestion)})
        files = [name for q in code for name in q.starter]
        lines.append(
            f"code: {len(code)} in {', '.join(languages)}; starter files: {', '.join(files)}"
        )
    return lines


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _big(value: int) -> str:
    return str(value) if value < 10**9 else f"about {float(value):.1e}".replace("e+", "e")


def check(folder: Path, out: TextIO = sys.stdout) -> int:
    try:
        paper = load_paper(folder)
    except PaperError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        count = len(exc.problems)
        print(
            f"{count} problem{'s' if count != 1 else ''}: a host would refuse this paper", file=out
        )
        return 1
    for line in summary(paper, folder):
        print(line, file=out)
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="proctor paper", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="check a paper folder as a host would")
    checking.add_argument("path", type=Path, help="the paper folder (or its paper.toml)")
    commands.add_parser("schema", help="print the JSON Schema of paper.toml")
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.write(schema_text(paper_schema()))
        return 0
    path: Path = args.path
    if path.is_file() and path.name == PAPER_TOML:
        path = path.parent
    return check(path)

"""Python cases under the audit hook: ordinary standard-library use keeps working (the
hook refuses only what could escape or reach the harness), messages read like pytest's, and
a broken test file is the paper's error, not the student's."""

from __future__ import annotations

from proctor.marking.code import mark_code
from proctor.marking.sandbox import Sandbox
from proctor.marking.specs import CaseSpec, CodeSpec

TESTS = "from solution import double\n\ndef test_two():\n    assert double(2) == 4\n"
SPEC = CodeSpec(id="q", files=("solution.py",), tests=TESTS, points=1)

LIBRARY_USE = """
import collections, dataclasses, enum, typing, functools, heapq, json, re, random, bisect
import copy, itertools, math, statistics, fractions, decimal, string, textwrap, datetime
import time, array, operator, sys, os, io, traceback, logging, inspect, threading, queue
import csv, hashlib, struct, pathlib, unittest.mock
from collections import namedtuple, deque, Counter, defaultdict, OrderedDict
from dataclasses import dataclass, field
P = namedtuple("P", "x y")
@dataclass(order=True)
class Item:
    w: int
    tags: list = field(default_factory=list)
class Color(enum.Enum):
    RED = 1
T = typing.TypeVar("T")
@functools.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)
def double(x):
    assert fib(30) == 832040
    assert P(1, 2).x == 1 and Item(3) < Item(4) and Color.RED.value == 1
    h = [5, 1, 3]; heapq.heapify(h); assert heapq.heappop(h) == 1
    assert json.loads(json.dumps({"a": [1, 2]})) == {"a": [1, 2]}
    assert re.fullmatch(r"[0-9]+", "123")
    random.seed(1); random.shuffle(list(range(10)))
    assert copy.deepcopy({"a": [1]}) == {"a": [1]}
    assert statistics.mean([1, 2, 3]) == 2 and fractions.Fraction(1, 3) * 3 == 1
    assert decimal.Decimal("0.1") + decimal.Decimal("0.2") == decimal.Decimal("0.3")
    q = queue.Queue()
    t = threading.Thread(target=q.put, args=(7,))
    t.start()
    t.join()
    assert q.get() == 7
    assert hashlib.sha256(b"x").hexdigest()
    E2 = enum.Enum("E2", "A B")
    logging.getLogger("x").warning("hello")
    pathlib.Path("out.txt").write_text("hi"); assert pathlib.Path("out.txt").read_text() == "hi"
    print(sorted(Counter("abca").items()), file=sys.stderr)
    import sqlite3
    return 2 * x
"""


def test_the_standard_library_works_under_the_hook(sandbox: Sandbox) -> None:
    result = mark_code(SPEC, {"solution.py": LIBRARY_USE}, sandbox)
    assert result.status == "correct", result.cases[0].message


def test_frames_stay_out_of_reach(sandbox: Sandbox) -> None:
    code = (
        "import sys, traceback\n"
        "def double(x):\n"
        "    try:\n"
        "        sys._getframe(1)\n"
        "    except AttributeError as e:\n"
        "        assert 'refused by the marking sandbox' in str(e)\n"
        "    try:\n"
        "        raise ValueError\n"
        "    except ValueError:\n"
        "        traceback.format_exc()\n"
        "    return 2 * x\n"
    )
    result = mark_code(SPEC, {"solution.py": code}, sandbox)
    assert result.status == "wrong"
    assert "refused by the marking sandbox: object.__getattr__" in result.cases[0].message


def test_a_student_file_does_not_shadow_the_library(sandbox: Sandbox) -> None:
    code = (
        "open('json.py', 'w').write('raise SystemExit(3)')\n"
        "import json\n"
        "def double(x):\n"
        "    return json.loads(json.dumps(2 * x))\n"
    )
    assert mark_code(SPEC, {"solution.py": code}, sandbox).status == "correct"


def test_failure_messages(sandbox: Sandbox) -> None:
    tests = (
        "from solution import double\n\n"
        "def test_value():\n"
        "    assert double(2) == 4, 'double(2) should be 4'\n\n"
        "def test_truth():\n"
        "    assert double(-1)\n\n"
        "def test_raises():\n"
        "    double(None)\n"
    )
    spec = CodeSpec(id="q", files=("solution.py",), tests=tests, tests_name="tests/q.py")
    code = "def double(x):\n    return x + 1\n"
    value, truth, raises = (
        c.message for c in mark_code(spec, {"solution.py": code}, sandbox).cases
    )
    assert value == (
        "tests/q.py line 4: assert double(2) == 4, 'double(2) should be 4'\n"
        "  3 == 4 is false\n"
        "  double(2) should be 4"
    )
    assert truth == "tests/q.py line 7: assert double(-1)\n  the value was 0"
    assert raises.startswith("TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'")
    assert "solution.py line 2 in double" in raises


def test_a_broken_test_file_is_an_error(sandbox: Sandbox) -> None:
    spec = CodeSpec(id="q", files=("solution.py",), tests="def test_x(:\n    pass\n")
    result = mark_code(spec, {"solution.py": "x = 1\n"}, sandbox)
    assert result.status == "error" and "invalid syntax" in result.message


def test_a_huge_file_is_stopped(sandbox: Sandbox) -> None:
    code = "def double(x):\n    open('big', 'wb').write(b'x' * (64 << 20))\n    return 2 * x\n"
    result = mark_code(SPEC, {"solution.py": code}, sandbox)
    assert result.cases[0].message == "wrote a file larger than 16 MB: stopped"


def test_stdin_cases_compare_normalised_output(sandbox: Sandbox) -> None:
    spec = CodeSpec(
        id="q",
        files=("main.py",),
        cases=(CaseSpec("2\n", "4\n\n"), CaseSpec("3\n", "  6\n"), CaseSpec("1\n", "2\n")),
    )
    code = "n = int(input())\nprint(('  ' if n == 3 else '') + str(2 * n) + '   ')\nprint()\n"
    result = mark_code(spec, {"main.py": code}, sandbox)
    assert [c.passed for c in result.cases] == [True, True, True]
    crash = mark_code(spec, {"main.py": "raise ValueError('no')\n"}, sandbox)
    assert crash.cases[0].message.startswith("exited with status 1\nValueError: no")

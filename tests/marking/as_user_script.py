"""Run as an unprivileged user by test_sandbox_as_user: mark hostile submissions in a real
sandbox (user-namespace mode) and print the strength and results as JSON."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from proctor.marking.code import mark_code
from proctor.marking.sandbox import Sandbox
from proctor.marking.sandbox.host import remove_tree
from proctor.marking.specs import CodeSpec

TESTS = "from solution import double\n\ndef test_two():\n    assert double(2) == 4\n"
SUBMISSIONS = {
    "honest": "def double(x):\n    return 2 * x\n",
    "passwd": "def double(x):\n    return len(open('/etc/passwd').read())\n",
    "fork_bomb": "import os\ndef double(x):\n    while True:\n        os.fork()\n",
    "loop": "def double(x):\n    while True:\n        pass\n",
    "secret": "def double(x):\n    return open(SECRET).read()\n",
}


def main() -> None:
    secret = sys.argv[1]
    audit = sys.argv[2] == "audit"
    from proctor.marking.sandbox import SandboxSettings

    work = Path(tempfile.mkdtemp(prefix="proctor-user-"))
    box = Sandbox(work, 0, SandboxSettings(audit=audit))
    strength = box.start()
    spec = CodeSpec(id="q", files=("solution.py",), tests=TESTS, time_limit_s=1, points=1)
    out = {"uid": os.getuid(), "strength": strength.to_dict(), "results": {}}
    for name, code in SUBMISSIONS.items():
        code = code.replace("SECRET", repr(secret))
        result = mark_code(spec, {"solution.py": code}, box)
        out["results"][name] = {"points": result.points, "message": result.cases[0].message}
    box.stop()
    remove_tree(work)
    print(json.dumps(out))


if __name__ == "__main__":
    main()

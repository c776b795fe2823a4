"""Other languages through a runner's build and run commands (C with gcc here): an honest
program passes its stdin/stdout cases; hostile ones are stopped by the OS layers alone."""

from __future__ import annotations

import shutil
import socket

import pytest

from proctor.marking.code import mark_code
from proctor.marking.results import QuestionResult
from proctor.marking.sandbox import Sandbox
from proctor.marking.specs import CaseSpec, CodeSpec, RunnerSpec

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="no C compiler here")

C_RUNNER = RunnerSpec(build=("gcc", "-O2", "-o", "{exe}", "{sources}"), run=("{exe}",))
CASES = (
    CaseSpec("3\n1 2 3\n", "6\n", hidden=False),
    CaseSpec("2\n10 -4\n", "6\n"),
    CaseSpec("1\n7\n", "7\n"),
)
SUM = """#include <stdio.h>
int main(void) {
    int n, x; long total = 0;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) { scanf("%d", &x); total += x; }
    printf("%ld\\n", total);
    return 0;
}
"""


def c_spec() -> CodeSpec:
    return CodeSpec(
        id="c1",
        files=("sum.c",),
        language="c",
        runner=C_RUNNER,
        cases=CASES,
        time_limit_s=1,
        points=3,
    )


def mark_c(box: Sandbox, source: str) -> QuestionResult:
    return mark_code(c_spec(), {"sum.c": source}, box)


def test_honest_c_program_passes(sandbox: Sandbox) -> None:
    result = mark_c(sandbox, SUM)
    assert result.status == "correct", [c.message for c in result.cases]
    assert [(c.name, c.hidden) for c in result.cases] == [
        ("case 1", False),
        ("case 2", True),
        ("case 3", True),
    ]


def test_wrong_output_scores_proportionally(sandbox: Sandbox) -> None:
    wrong = SUM.replace(
        'printf("%ld\\n", total);', 'printf("%ld\\n", total > 6 ? total + 1 : total);'
    )
    result = mark_c(sandbox, wrong)
    assert result.points == 2 and result.status == "partial"
    assert result.cases[2].message == "wrong output at line 1: expected '7', got '8'"


def test_a_build_error_fails_every_case(sandbox: Sandbox) -> None:
    result = mark_c(sandbox, "int main(void) { return x; }\n")
    assert result.points == 0 and result.status == "wrong"
    assert all("not run: the build failed" in c.message for c in result.cases)
    assert "undeclared" in result.cases[0].message and "sum.c:1" in result.cases[0].message


def test_a_c_fork_bomb_is_killed(sandbox: Sandbox) -> None:
    bomb = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n"
    result = mark_c(sandbox, bomb)
    assert result.points == 0
    assert all("a forbidden system call" in c.message for c in result.cases), result


def test_a_c_socket_is_killed(sandbox: Sandbox) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.setblocking(False)
    port = server.getsockname()[1]
    program = f"""#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
int main(void) {{
    struct sockaddr_in a = {{0}};
    a.sin_family = AF_INET; a.sin_port = htons({port}); a.sin_addr.s_addr = inet_addr("127.0.0.1");
    int s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (struct sockaddr *)&a, sizeof a);
    printf("6\\n");
    return 0;
}}
"""
    try:
        result = mark_c(sandbox, program)
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
    assert result.points == 0
    assert all("a forbidden system call" in c.message for c in result.cases), result


def test_a_c_program_cannot_read_etc_passwd(sandbox: Sandbox) -> None:
    program = """#include <stdio.h>
int main(void) {
    FILE *f = fopen("/etc/passwd", "r");
    if (!f) { perror("open"); return 3; }
    char line[256]; fgets(line, sizeof line, f); printf("%s", line);
    return 0;
}
"""
    result = mark_c(sandbox, program)
    assert result.points == 0
    assert all("exited with status 3" in c.message for c in result.cases), result
    assert all("Permission denied" in c.message for c in result.cases)

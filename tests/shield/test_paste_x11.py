"""PasteGuard with the real X11 clipboard: another application (xclip) owns what is pasted."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.helpers.waiting import wait_until
from tests.helpers.x11 import X11App, needs_x11, xdotool

pytestmark = [
    pytest.mark.gui,
    needs_x11,
    pytest.mark.skipif(not shutil.which("xclip"), reason="needs xclip"),
]


def copy_in_another_app(text: str, selection: str = "clipboard") -> None:
    # xclip stays in the background serving the text until another owner takes over; wait
    # until it really owns the selection so later copies in the editor come after it.
    subprocess.run(["xclip", "-selection", selection], input=text.encode(), check=True, timeout=10)

    def owns_it() -> bool:
        read = ["xclip", "-o", "-selection", selection]
        return subprocess.run(read, capture_output=True, timeout=10).stdout.decode() == text

    wait_until(owns_it, 5, "xclip to take the selection", poll_s=0.05)


def editor_text(app: X11App) -> str:
    app.send("text")
    return app.next(timeout=5, event="text")["text"]


@pytest.fixture
def editor_app():
    apps: list[X11App] = []

    def start(policy: str) -> X11App:
        app = X11App("editor", policy)
        apps.append(app)
        xdotool("windowfocus", "--sync", app.window)
        return app

    yield start
    for app in apps:
        app.close()


def test_block_refuses_text_copied_in_another_application(editor_app):
    app = editor_app("block")
    copy_in_another_app("answer = 42  # from a chat")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "ctrl+v")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "paste_blocked"
    assert incident["detail"] == {
        "length": 26,
        "lines": 1,
        "preview": "answer = 42  # from a chat",
    }
    app.next(timeout=5, event="message")
    assert editor_text(app) == ""


def test_report_lets_it_in_and_reports_it(editor_app):
    app = editor_app("report")
    copy_in_another_app("print('hi')")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "shift+Insert")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "external_paste"
    assert incident["detail"]["preview"] == "print('hi')"
    assert editor_text(app) == "print('hi')"


def test_text_copied_in_the_editor_is_not_external(editor_app):
    app = editor_app("block")
    copy_in_another_app("outside")
    app.send("copy")
    app.next(timeout=5, event="copied")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "ctrl+v")
    assert editor_text(app) == "mine"
    assert [m for m in app.drain(0.3) if m["event"] == "incident"] == []


def test_middle_click_paste_of_the_selection_is_guarded(editor_app):
    app = editor_app("block")
    copy_in_another_app("selected elsewhere", selection="primary")
    xdotool("mousemove", "--window", app.window, "40", "40", "click", "2")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "paste_blocked"
    assert incident["detail"]["preview"] == "selected elsewhere"
    assert editor_text(app) == ""


@pytest.fixture
def fields_app():
    apps: list[X11App] = []

    def start(policy: str) -> X11App:
        app = X11App("fields", policy)
        apps.append(app)
        xdotool("windowfocus", "--sync", app.window)
        return app

    yield start
    for app in apps:
        app.close()


def focus(app: X11App, field: str) -> None:
    app.send(f"focus {field}")
    app.next(timeout=5, event="focused")


def texts(app: X11App) -> dict:
    app.send("texts")
    return app.next(timeout=5, event="texts")


def test_block_covers_the_program_input_box_by_keys_and_middle_click(fields_app):
    app = fields_app("block")
    copy_in_another_app("print(42)  # from a chat")
    focus(app, "stdin")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "ctrl+v")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "paste_blocked"
    assert incident["detail"]["field"] == "Input for the program"
    copy_in_another_app("selected elsewhere", selection="primary")
    # The input box is the middle of the window's three fields.
    xdotool("mousemove", "--window", app.window, "150", "200", "click", "2")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "paste_blocked"
    assert incident["detail"]["preview"] == "selected elsewhere"
    assert texts(app)["stdin"] == ""


def test_outside_text_copied_from_the_input_box_into_the_editor_stays_outside(fields_app):
    app = fields_app("report")
    outside = "def solve(xs):\n    return sorted(xs)[::-1]  # from a chat window"
    copy_in_another_app(outside)
    focus(app, "stdin")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "ctrl+v")
    assert app.next(timeout=5, event="incident")["kind"] == "external_paste"
    app.send("copy stdin")  # this application now owns the clipboard
    app.next(timeout=5, event="copied")
    focus(app, "editor")
    xdotool("windowfocus", "--sync", app.window, "key", "--clearmodifiers", "ctrl+v")
    incident = app.next(timeout=5, event="incident")
    assert incident["kind"] == "external_paste"
    assert incident["detail"]["copied_inside"] is True
    assert incident["detail"]["field"] == "File solution.py"
    assert outside in texts(app)["editor"]

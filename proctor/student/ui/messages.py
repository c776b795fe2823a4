"""Every sentence the student app's widgets show, as whole sentences (ready for translation):
the join form, join failures, connection and save states, the exam's notices, overlays and
receipts. The session's own sentences (the detail of a connection or save state, an error's
message) come with its codes from `proctor.student.wording`; the two modules are the student
app's every sentence. Keys are the session's kinds (`ConnectionKind`, `SaveKind`)."""

from __future__ import annotations

from dataclasses import dataclass

from proctor.common.errors import ErrorCode
from proctor.student.errors import SessionCode
from proctor.student.kinds import ConnectionKind, SaveKind

JOIN_FORM = {
    "title": "Join an exam",
    "subtitle": "Type what the proctor's screen shows, then your own details.",
    "host_label": "&Host address",
    "host_hint": "The proctor's computer, e.g. 192.168.1.20:8080",
    "host_hint_heard": "Filled in when you pick a room above; or type the projector's",
    "host_empty": "Type the address shown on the proctor's screen.",
    "host_invalid": "Not an address. Example: 192.168.1.20 or 192.168.1.20:8080",
    "room_label": "&Room ID or join code",
    "room_hint": "From the projector, e.g. K7M2QX-9F3A",
    "room_progress": "{typed} of {n} characters",
    "room_code_progress": "Now the 4 characters after the dash ({typed} of 4)",
    "room_picked": "Type the 4 characters after the dash in the join code on the projector",
    "room_empty": "Type the room ID or the join code shown on the proctor's screen.",
    "room_bad": "A room ID has no {chars} (no 0, O, 1, I or L).",
    "room_length": "A room ID has {n} characters; this one has {typed}.",
    "name_label": "Full &name",
    "name_placeholder": "Your full name",
    "name_hint": "As on your student card",
    "name_empty": "Type your full name as on your student card.",
    "name_long": (
        "A name can have at most {n} characters; this one has {typed}. Shorten it, for "
        "example with initials for middle names."
    ),
    "name_chars": "Use letters, spaces and ordinary punctuation only.",
    "reg_label": "Re&gistration number",
    "reg_placeholder": "e.g. 2023CS0042 or CS/2021/045",
    "reg_hint": "Your student number, as the registrar writes it",
    "pin_label": "&PIN",
    "pin_hint": "The PIN printed on the slip the proctor gave you",
    "reg_empty": "Type your registration number.",
    "reg_long": "A registration number has at most {n} characters; this one has {typed}.",
    "reg_backslash": "A registration number has no backslash (\\). Did you mean a slash (/)?",
    "reg_chars": "Use letters, digits and ordinary punctuation only.",
    "join": "&Join exam",
    "joining": "Joining…",
}


@dataclass(frozen=True)
class JoinProblem:
    text: str
    field: str | None  # "host", "room", "name", "reg_no" — the field to fix, if one


def join_problem(
    code: str, message: str, host: str = "", room: str = "", reg_no: str = ""
) -> JoinProblem:
    """A clear sentence for a failed join, and which field the student should look at."""
    where = f" at {host}" if host else ""
    if code == SessionCode.INVALID_ADDRESS:
        return JoinProblem(
            "That host address is not valid. Type the address shown on the proctor's screen, "
            "for example 192.168.1.20 or 192.168.1.20:8080.",
            "host",
        )
    if code == SessionCode.HOST_UNREACHABLE:
        return JoinProblem(
            f"Cannot reach the proctor's computer{where}. Check the address and that this "
            "computer is on the exam network, then try again.",
            "host",
        )
    if code == SessionCode.NOT_PROCTOR:
        return JoinProblem(
            f"The computer{where} answered, but it is not a Proctor exam room, so the address "
            "or the port is wrong. Check both on the proctor's screen, for example "
            "192.168.1.20:8080.",
            "host",
        )
    if code == ErrorCode.UNKNOWN_ROOM:
        shown = f" {room}" if room else ""
        return JoinProblem(
            f"There is no exam room{shown} on that computer. Check the room ID on the "
            "proctor's screen.",
            "room",
        )
    if code == ErrorCode.SEAT_TAKEN:
        shown = f" {reg_no}" if reg_no else ""
        return JoinProblem(
            f"Registration number{shown} already has a seat in this exam on another computer. "
            "Check that you typed your own number. If you moved to this computer, ask the "
            "proctor to move your seat here, then press Join again.",
            "reg_no",
        )
    if code == ErrorCode.SEAT_MOVED:
        return JoinProblem(message, None)
    if code == ErrorCode.KICKED:
        return JoinProblem(
            "The proctor has removed you from this exam. Ask the proctor if you think this "
            "is a mistake.",
            None,
        )
    if code == SessionCode.INVALID_INPUT:
        detail = f" ({message})" if message else ""
        return JoinProblem(f"Please check your name and registration number{detail}.", "name")
    if code in (ErrorCode.PIN_REQUIRED, ErrorCode.WRONG_PIN):
        return JoinProblem(message, "pin")
    if code == ErrorCode.NOT_ON_ROSTER:
        return JoinProblem(message, "reg_no")
    if code == ErrorCode.EXAM_OVER:
        return JoinProblem("This exam has already ended and no longer accepts students.", None)
    if code in (
        SessionCode.WRONG_CERTIFICATE,
        SessionCode.JOIN_CODE_NEEDED,
        SessionCode.INVALID_JOIN_CODE,
    ):
        return JoinProblem(message, "room")  # the session's sentence says what to check
    if code in (SessionCode.NOT_ENCRYPTED, SessionCode.ROOM_NOT_HEARD):
        return JoinProblem(message, "host")
    if code == SessionCode.CERTIFICATE_CHANGED:
        return JoinProblem(message, "room")
    if code == SessionCode.PROTOCOL_MISMATCH:
        return JoinProblem(
            "This copy of Proctor does not match the proctor's version. Ask the proctor for "
            "the right version.",
            None,
        )
    return JoinProblem(message or "Joining failed. Please try again.", None)


# The rooms this computer hears on the join screen.
ROOM_COLUMNS = ("Room", "Room ID", "Address", "Heard")
ROOMS = {
    "title": "Rooms on this network",
    "listening": "Looking for exam rooms on this network…",
    "pick_hint": (
        "Pick your room (arrow keys, then Enter), then type the join code from the projector."
    ),
    "just_now": "just now",
    "seconds_ago": "{n} s ago",
    "not_encrypted": "{name} (not encrypted)",
    "imitated": "{name} (announced twice: type the whole join code)",
    "none_heard": (
        "No room heard on this network yet. That happens when the Wi-Fi keeps laptops apart "
        "(client isolation), when a firewall on this computer blocks the room's announcements "
        "(UDP ports 48080 and 5353), or when this computer is on another network (VLAN) than "
        "the proctor's. Type the host address and the join code shown on the projector below: "
        "they work whenever the proctor's computer can be reached."
    ),
    "cannot_listen": "This computer cannot listen for rooms: {problems}",
    "list_name": "Rooms heard on this network",
}


def heard_ago(age_s: float) -> str:
    """ "just now" or "5 s ago": when a room was last heard."""
    seconds = int(age_s)
    return ROOMS["just_now"] if seconds < 2 else ROOMS["seconds_ago"].format(n=seconds)


CONNECTION_TEXT: dict[str, str] = {
    ConnectionKind.ONLINE: "Connected",
    ConnectionKind.RECONNECTING: "Reconnecting…",
    ConnectionKind.POLLING: "Connected (slow link)",
    ConnectionKind.OFFLINE: "Not connected — your work is kept on this computer",
    ConnectionKind.REPLACED: "Open on another connection — tell the proctor if that is not you",
    ConnectionKind.REMOVED: "Removed from the exam",
    ConnectionKind.UNTRUSTED: "Not connected — not the computer you joined",
}

CONNECTION_LEVEL: dict[str, str] = {
    ConnectionKind.ONLINE: "ok",
    ConnectionKind.RECONNECTING: "warning",
    ConnectionKind.POLLING: "warning",
    ConnectionKind.OFFLINE: "error",
    ConnectionKind.REPLACED: "error",
    ConnectionKind.REMOVED: "unknown",
    ConnectionKind.UNTRUSTED: "error",
}


def connection_text(status: str) -> str:
    return CONNECTION_TEXT.get(status, status.capitalize())


LOUD_SAVE_KINDS = frozenset({SaveKind.LOCAL_FAILED, SaveKind.TOO_LARGE, SaveKind.HOST_REJECTED})


def save_text(kind: str, message: str, at: str = "") -> str:
    """The save indicator's text for a save status from the session (`at`: the local time
    the status came, shown for a save the proctor's computer acknowledged)."""
    if kind == SaveKind.LOCAL_OK:
        return "Saved on this computer"
    if kind == SaveKind.HOST_OK:
        return (
            f"Saved on the proctor's computer at {at}" if at else "Saved on the proctor's computer"
        )
    if kind == SaveKind.HOST_PENDING:
        return "Saved on this computer · sending to the proctor…"
    if kind == SaveKind.LOCAL_FAILED:
        detail = f" ({message})" if message else ""
        return (
            f"YOUR WORK COULD NOT BE SAVED ON THIS COMPUTER{detail}. Keep this window open "
            "and tell the proctor now. Saving is retried every second."
        )
    if kind == SaveKind.TOO_LARGE:
        detail = f" ({message})" if message else ""
        return (
            f"Your work is too large to send to the proctor{detail}. Remove large pasted data "
            "or output so it can be saved there. It is still saved on this computer."
        )
    if kind == SaveKind.HOST_REJECTED:
        return (
            f"The proctor's computer refused your files: {message}"
            if message
            else ("The proctor's computer refused your files.")
        )
    return message or kind


# -- the exam's notices ----------------------------------------------------------------------

EXTRA_TIME = {
    (True, True): "The proctor gave you 1 more minute. Your exam now ends at {ends}.",
    (True, False): "The proctor gave you {minutes} more minutes. Your exam now ends at {ends}.",
    (False, True): "The proctor took 1 minute off your time. Your exam now ends at {ends}.",
    (False, False): (
        "The proctor took {minutes} minutes off your time. Your exam now ends at {ends}."
    ),
}


def extra_time_notice(delta_ms: int, ends: str) -> str:
    """The one message a student gets when the proctor changes their time."""
    minutes = round(abs(delta_ms) / 60_000)
    return EXTRA_TIME[(delta_ms > 0, minutes == 1)].format(minutes=minutes, ends=ends)


NO_CAMERA = (
    "No camera was found, so the camera check cannot run; the proctor has been told. Carry "
    "on with your exam. If this computer has a camera, check that it is plugged in and that "
    "no other program uses it, then raise your hand."
)
CAMERA_NOTICE = (
    "The camera checks every 2 seconds that you alone are in view. Nothing is recorded; "
    "only a small picture of each incident is sent to the proctor."
)
PAPER_RETRYING = "The exam paper could not be loaded yet ({error}). Trying again…"
CONNECTION_PROBLEM = "Connection problem: {error}"

RUNNING_REASON = (
    "The exam is running, so this window stays open until it ends. Your work is saved "
    "automatically. If you need help, raise your hand."
)
HANDING_IN_REASON = "Your work is still being handed in. Please wait until the receipt is shown."
REFUSAL_TITLE = "The exam is still running"
WINDOW_TITLE = "Exam"

# -- the full-window overlays ----------------------------------------------------------------

PAUSED_TITLE = "Session paused by the proctor"
PAUSED_BODY = (
    "Please wait. Your work is safe and the clock is stopped; the exam continues here "
    "as soon as the proctor resumes it."
)
KICKED_TITLE = "You were removed from the exam by the proctor"
KICKED_BODY = (
    "Editing is closed. Your work so far is kept on this computer. Please speak to the proctor."
)
ENDED_TITLE = "Exam ended"
MOVED_TITLE = "Your exam moved to another computer"
TIME_UP_TITLE = "Time is up"
HANDING_IN_ONLINE = "Handing in your work… Keep this window open."
HANDING_IN_OFFLINE = (
    "Handing in your work… The proctor's computer cannot be reached right now; trying again "
    "until it answers. Your work is safe on this computer — keep this window open."
)
HAND_IN_REFUSED = "{reason} Your work is kept on this computer; please tell the proctor."
RECEIVED_TITLE = "Work received"
RECEIVED_BODY = (
    "The exam has ended. The proctor's computer received your work at {time}. Your receipt "
    "code is {code}. Please wait for instructions."
)
CLOSE_ACTION = "&Close Proctor"
JOIN_AGAIN_ACTION = "&Join again"
SEAT_LOST_TITLE = "Connection to the exam lost"
UNTRUSTED_TITLE = "The proctor's computer is not the one you joined"
UNTRUSTED_RESUME = (
    "{reason}\n\nYour work is safe on this computer. This window keeps trying; if the "
    "projector shows a new join code, choose “Join a different exam” and type it."
)
JOIN_AGAIN = "Join again with your details; your work on this computer is kept."


def receipt_block(code: str, sha256: str) -> str:
    """The receipt as shown to keep: the short code to read out, then the whole hash."""
    return f"Receipt code: {code}\nSHA-256: {sha256}"


# -- handing in by hand ----------------------------------------------------------------------

SUBMIT = {
    "confirm_title": "Submit your work?",
    "confirm_text": "Hand in your work now?",
    "confirm_more": (
        "You may keep working and submit again until the time is up; the last submission "
        "counts. When the time is up, your work is handed in for you."
    ),
    "confirm_ok": "Submit",
    "confirm_cancel": "Keep working",
    "sending": "Submitting your work…",
    "failed": (
        "Your submission did not reach the proctor: {error} Your work is saved; please try again."
    ),
    "received_banner": (
        "Submitted at {time}. Receipt code {code}. You may keep working and submit again; "
        "the last submission counts."
    ),
    "received_title": "Work submitted",
    "received_text": "The proctor's computer received your work at {time}.",
    "received_more": "Receipt code: {code}\n\nSHA-256 of your work:\n{sha256}",
}


# -- the run panel -------------------------------------------------------------------------

RUN_PANEL = {
    "input": "&Input (stdin)",
    "input_placeholder": "Lines typed here are sent to input()",
    "output": "Output",
    "run": "▶  &Run",
    "run_tip": "Run the current Python file (F5 or Ctrl+Enter)",
    "stop": "■  S&top",
    "clear": "C&lear output",
}

# The hall: the proctor's announcements, a raised hand, the wall of screens.
HALL = {
    "announcement_title": "Announcement from the proctor",
    "announcement_meta": "Sent at {at}",
    "announcement_more": "{n} more to read after this one",
    "acknowledge": "&OK, I have read this",
    "announcements": "Announcements ({n})",
    "announcements_tip": "Read again what the proctor announced",
    "list_title": "Announcements from the proctor",
    "list_empty": "The proctor has made no announcements.",
    "list_close": "&Close",
    "raise": "☝ Raise &hand",
    "raise_tip": "Ask the proctor to come to you",
    "lower": "Lower hand",
    "raised": "☝ Hand raised {waited} — the proctor has been told",
    "raise_title": "Raise your hand",
    "raise_prompt": "The proctor will come to you. You may add one line (optional):",
    "raise_send": "&Raise hand",
    "raise_cancel": "&Cancel",
    "raise_failed": "Your hand could not be raised: {reason}",
    "answer_title": "The proctor answered your raised hand",
    "dismissed_title": "The proctor saw your raised hand",
    "dismissed_body": (
        "The proctor has closed your request. Raise your hand again if you still need help."
    ),
    "answer_ok": "&OK",
    "screens_on": "● Your exam window is shared with the proctor",
    "screens_on_tip": (
        "While this exam runs, a small picture of this exam window (nothing else on your "
        "screen) is sent to the proctor when it changes."
    ),
}

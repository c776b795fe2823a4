"""Every sentence and word the dashboard shows a proctor, in one place, as whole sentences
(ready for translation: a count picks one of two whole sentences, never a glued plural),
and the formats of times and durations."""

from __future__ import annotations

import time

from proctor.common.protocol import RefusedClaim, StudentRow
from proctor.common.receipt import receipt_code
from proctor.host.dashboard.admin_client import AdminApiError
from proctor.host.dashboard.supervisor import FoundRoom
from proctor.host.standing import Standing

STANDING_LABELS = {
    Standing.WAITING: "Waiting",
    Standing.WRITING: "Writing",
    Standing.PAUSED: "Paused",
    Standing.HANDED_IN: "Handed in",
    Standing.NOT_HANDED_IN: "Not handed in",
    Standing.REMOVED: "Removed",
}
HANDED_IN_AT = "Handed in {time}"
REMOVED_BECAUSE = "Removed: {reason}"

COLUMN_HEADERS = {
    "name": "Name",
    "reg_no": "Reg. no",
    "status": "Status",
    "connection": "Connection",
    "flag": "Flag",
    "violations": "Violations",
    "latest": "Latest incident",
    "time_left": "Time left",
    "address": "Address",
}
CONNECTION = {
    "online": "● Online",
    "offline": "● Offline",
    "offline_since": "● Offline for {ago}",
    "offline_tip": "Offline since {time}, for {ago}. Last seen at {seen}.",
    "left": "Left at {time}",
    "last_seen": "{text}. Last seen at {time}.",
}
FLAG = {
    "running": "⚠ {apps} running",
    "was_running": "⚠ {apps} was running",
    "proctor": "⚑ {reasons}",
    "proctor_plain": "⚑ Flagged by you",
    "running_tip": "The shield sees {app} running now.",
    "was_running_tip": "The shield saw {app} running; it is closed now.",
    "proctor_tip": "Your flag: {reason}",
    "clear_hint": "Clear flag removes your flag and the record of apps closed since.",
}

ROOM_STATUS_LABELS = {
    "lobby": "Lobby: waiting for students",
    "active": "Exam running",
    "ended": "Exam over",
}

INCIDENT_LABELS = {
    "process_blacklisted": "Blacklisted app opened",
    "process_cleared": "Blacklisted app closed",
    "focus_lost": "Left the exam window",
    "focus_regained": "Back in the exam window",
    "external_paste": "Pasted text from outside",
    "paste_blocked": "Paste from outside blocked",
    "no_face": "No face on camera",
    "multiple_faces": "More than one face on camera",
    "face_ok": "Face on camera again",
    "camera_unavailable": "No camera: check not running",
    "camera_covered": "Camera covered",
    "camera_frozen": "Camera image frozen",
    "went_offline": "Went offline",
    "back_online": "Back online",
    "rejoined": "Joined again",
    "stream_flood": "Flooded the host with messages",
    "reports_capped": "Too many reports: the rest were dropped",
    "seat_claim_refused": "Seat claim refused",
    "seat_moved": "Moved to another computer",
    "joined": "Joined",
    "submitted": "Handed in",
    "join_refused": "Join with this reg. no refused",
    "admin_key_refused": "Wrong admin key",
}
CAMERA_UNAVAILABLE_ADVICE = (
    "The camera check cannot run for this student. Check their camera, or let them carry on "
    "without it."
)
JOIN_REFUSED = {
    "kicked": "Join refused from {address}: this student was removed",
}

# The proctor's (and the clock's) actions, as a student's timeline shows them.
ACTION_LABELS = {
    "start": "Exam started",
    "end": "You ended the exam for everyone",
    "time_up": "Time was up",
    "pause": "You paused this student",
    "resume": "You resumed this student",
    "flag": "You flagged this student",
    "unflag": "You cleared the flag",
    "kick": "You removed this student",
    "readmit": "You readmitted this student",
    "submitted": "Handed in",
}
EXTRA_TIME_ACTION = ("You gave {minutes} more minutes", "You took {minutes} minutes away")
EXTRA_TIME_ALL_ACTION = (
    "You gave everyone {minutes} more minutes",
    "You took {minutes} minutes away from everyone",
)


def incident_label(kind: str | None) -> str:
    if not kind:
        return ""
    return INCIDENT_LABELS.get(kind, kind.replace("_", " ").capitalize())


def action_label(action: str, for_everyone: bool) -> str:
    if action.startswith("extra_time "):
        try:
            seconds = int(action.split()[1].rstrip("s"))
        except (IndexError, ValueError):
            return action
        more, less = EXTRA_TIME_ALL_ACTION if for_everyone else EXTRA_TIME_ACTION
        return (more if seconds >= 0 else less).format(minutes=abs(seconds) // 60)
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def admin_key_refused_text(address: str, at_ms: int) -> str:
    if address.startswith("127.") or address == "::1":
        return f"A wrong admin key was typed on this computer at {clock(at_ms)}."
    return f"Someone at {address} typed a wrong admin key at {clock(at_ms)}."


def plural(n: int, one: str, many: str, **values: object) -> str:
    """The sentence for `n`: `one` for 1, else `many`, with {n} and `values` filled in."""
    return (one if n == 1 else many).format(n=n, **values)


def error_text(exc: BaseException) -> str:
    """What went wrong, in the server's words when it said any."""
    if isinstance(exc, AdminApiError):
        return exc.message or exc.code
    return str(exc) or exc.__class__.__name__


def clock(ms: int | None) -> str:
    """Local wall-clock time of an epoch-ms instant, e.g. 14:05:09."""
    if ms is None:
        return ""
    return time.strftime("%H:%M:%S", time.localtime(ms / 1000))


def duration(seconds: float) -> str:
    """A countdown: 1:02:03 or 12:03; never negative."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


def ago(seconds: float) -> str:
    """How long ago, coarsely: 'just now', '45 s', '3 min', '1 h 5 min'."""
    secs = max(0, int(seconds))
    if secs < 5:
        return "just now"
    if secs < 60:
        return f"{secs} s"
    minutes = secs // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def refused_claim(claim: RefusedClaim) -> str:
    """One refused claim on a seat: where from, the name typed, when."""
    if claim.reason == "moved":
        return (
            f"the computer it moved away from ({claim.address}) tried again at {clock(claim.at_ms)}"
        )
    where = claim.address or "an unknown address"
    return f"from {where}, typed “{claim.name_given}”, at {clock(claim.at_ms)}"


def claim_marker(row: StudentRow) -> str:
    """The grid's short mark on a seat someone tried to take ("" when nobody did)."""
    claim = row.last_refused_claim
    if not row.refused_claims or claim is None:
        return ""
    times = f" ×{row.refused_claims}" if row.refused_claims > 1 else ""
    if claim.reason == "moved":
        return f"⊘ Claim refused{times}: old computer {claim.address}"
    return f"⊘ Claim refused{times}: {claim.address} “{claim.name_given}”"


def claim_sentence(row: StudentRow) -> str:
    """The latest refused claim on a seat in full ("" when nobody tried)."""
    claim = row.last_refused_claim
    if not row.refused_claims or claim is None:
        return ""
    times = "once" if row.refused_claims == 1 else f"{row.refused_claims} times"
    return (
        f"⊘ Someone tried to take this seat ({times}); latest {refused_claim(claim)}. Refused: "
        "the seat stays with this student."
    )


MOVING = "⇄ Waiting for the new computer"
MOVE_HINT = "If they really changed computers, use “Move to another computer…”."


def receipt_line(sha256: str, received_ms: int | None) -> str:
    return f"Handed in at {clock(received_ms)} · receipt {receipt_code(sha256)}"


# -- the setup form --------------------------------------------------------------------------

SETUP = {
    "window_title": "Set up the exam room",
    "title": "Set up the exam room",
    "subtitle": (
        "Students join with the address and room ID shown once the room is open. The exam "
        "starts only when you press Start exam."
    ),
    "name_label": "Session name",
    "name_placeholder": "e.g. Programming 1, final exam",
    "duration_label": "Duration",
    "minutes_suffix": " minutes",
    "key_label": "Admin key",
    "key_placeholder": "At least {} characters",
    "key_again_label": "Admin key again",
    "key_again_placeholder": "The same key again",
    "address_label": "Network address",
    "address_link_local": "{}  ({}, no DHCP: students may not reach it)",
    "address_loopback": "{}  (this computer only: for a trial run)",
    "no_network": (
        "No network connection was found, so students on other computers cannot join. "
        "Connect this computer to the exam hall's network, or run the room on this "
        "computer only."
    ),
    "port_label": "Port",
    "port_checking": "Checking whether the port is free…",
    "port_free": "Free",
    "port_busy": "Port {} is in use by another program.",
    "port_busy_offer": "Port {} is in use by another program. Port {} is free.",
    "use_port": "Use {}",
    "paper_label": "Exam paper folder",
    "paper_placeholder": "Empty: the sample paper",
    "browse": "Choose…",
    "browse_title": "Choose the exam paper folder",
    "camera_label": "Camera",
    "camera": "Check with each student's camera that someone is there",
    "paste_label": "Pasting",
    "open": "Open the room",
    "opening": "Opening the room…",
    "cancel": "Cancel",
    "name_empty": "Give the session a name; students see it when they join.",
    "name_control": "The name cannot contain control characters.",
    "duration_zero": "An exam lasts at least 1 minute. Type the number of minutes it lasts.",
    "key_short": (
        "The admin key needs at least {} characters. You need it to end the session, and "
        "to open this dashboard again."
    ),
    "key_mismatch": "The two admin keys are not the same.",
    "summary_one": "Please correct the field marked below.",
    "summary_many": "Please correct the {} fields marked below.",
}
PASTE_CHOICES = (
    ("report", "Allow pasting, report text pasted from outside the exam"),
    ("block", "Block text pasted from outside the exam"),
    ("allow", "Allow pasting freely"),
)
PAPER_PROBLEMS = {
    "missing": "This folder does not exist.",
    "not_a_folder": "This is a file, not a folder. Choose the folder that holds the paper.",
    "empty": "This folder is empty: it needs instructions.md or files.",
    "unreadable": "This folder cannot be read.",
}


# -- going back to a room -----------------------------------------------------------------

ROOMS = {
    "window_title": "Exam rooms on this computer",
    "title": "Go back to a room?",
    "text": (
        "These rooms were not closed. A running room goes on serving its students; a room "
        "whose server stopped can be started again with everything it had."
    ),
    "open": "Open this room",
    "new": "Set up a new room",
}
ROOM_ENTRY_STATUS = {
    "lobby": "in the lobby",
    "active": "exam running",
    "ended": "exam over",
}


def room_entry(room: FoundRoom) -> str:
    """One line of the room list: what, when, in what state, with how many students."""
    name = room.name or f"Room {room.room_id}"
    state = ROOM_ENTRY_STATUS.get(room.status, "state unknown")
    server = "running" if room.running else "server stopped unexpectedly"
    students = plural(room.students, "1 student", "{n} students")
    return (
        f"{name}   ·   room {room.room_id}   ·   opened {room.opened}   ·   {state}, "
        f"{students}   ·   {server}"
    )


# -- the dashboard window -------------------------------------------------------------------

WINDOW = {
    "title": "Dashboard",
    "title_room": "{name} · room {room}",
    "start": "Start exam",
    "extra_time_all": "Extra time for everyone…",
    "end": "End session for all…",
    "export": "Export results…",
    "search": "Search name or reg. no",
    "compact": "Compact view",
    "compact_tip": "One line for the room and smaller rows, to see more students at once",
    "join_card": "Show join card",
    "compact_join": "Room {room} · {address}",
    "select_all": "Select all",
    "dismiss": "Dismiss",
    "empty": "No students yet. Show the join card so they can type the address and room ID.",
    "reconnecting": "Reconnecting to the room server… Students are not affected.",
    "offline_burst": (
        "{n} students went offline within 5 seconds. Is the network down? They keep their "
        "work and reconnect by themselves when it is back."
    ),
}
TILES = {
    "online": "Online",
    "offline": "Offline",
    "flagged": "Flagged",
    "handed_in": "Handed in",
    "not_handed_in": "Not handed in",
    "removed": "Removed",
    "total": "Students",
}
COMPACT_COUNT = "{label} {n}"
FILTERS = {
    "total": "Everyone ({n})",
    "flagged": "Flagged ({n})",
    "offline": "Offline ({n})",
    "not_handed_in": "Not handed in ({n})",
    "removed": "Removed ({n})",
}
SELECTION = {
    "none": "Select students to act:",
    "many": "{n} selected:",
}
STUDENT_BUTTONS = {
    "details": "Details",
    "pause": "Pause",
    "resume": "Resume",
    "flag": "Flag…",
    "unflag": "Clear flag",
    "time": "Extra time…",
    "kick": "Remove…",
    "readmit": "Readmit",
    "move": "Move to another computer…",
}
PROBLEM_TITLE = "Problem"
TIMER = {
    "lobby": "Starts when you press Start exam",
    "ends_at": "Ends at {time}",
    "last_hand_ins": "Time is up: waiting for the last students to hand in",
    "ended": "The exam has ended",
    "short_active": "{left} left",
    "short_lobby": "Lobby · {duration}",
}


# -- what the buttons say and ask ------------------------------------------------------------

ACTIONS_TEXT = {
    "students": "{n} students",
    "everyone": "everyone",
    "start_nobody": "Nobody has joined yet: the exam can start once a student is in the room.",
    "start_title": "Start the exam",
    "start_question_one": (
        "Start the exam for 1 student ({online} online)?\n\nThe clock starts now and runs "
        "for {minutes}. Students who join later start at once, with the time that is left."
    ),
    "start_question_many": (
        "Start the exam for {n} students ({online} online)?\n\nThe clock starts now and runs "
        "for {minutes}. Students who join later start at once, with the time that is left."
    ),
    "start_ok": "Start exam",
    "started": "The exam has started.",
    "start_failed": "Could not start the exam: {error}",
    "time_failed": "Could not change the time: {error}",
    "take_time_title": "Take time away",
    "take_time_question": "Take {minutes} minutes away from {who}?",
    "take_time_first_end": (
        "\n\nTheir exams end earlier: {name}'s would end first, at {at} (in {left})."
    ),
    "take_time_ok": "Take time away",
    "take_time_too_much": (
        "That would end {name}'s exam within a minute. At most {spare} minutes can be taken "
        "away now."
    ),
    "time_failed_one": "Extra time failed for 1 student: {error}",
    "time_failed_many": "Extra time failed for {n} students: {error}",
    "end_title": "End the session for everyone",
    "end_text": (
        "Every student's exam ends now and their last saved work is kept. This cannot be "
        "undone.\n\nType the admin key to confirm."
    ),
    "end_ok": "End the session",
    "end_bad_key": "That is not the admin key. Nothing was changed.",
    "end_failed": "The session was not ended: {error}",
    "over": (
        "The exam is over. Every answer received is saved in the room's store; export the "
        "results with Export results…"
    ),
    "ended": "The session has ended.",
    "none_eligible": "None of the selected students can be changed that way.",
    "skipped_one": "1 student did not need it.",
    "skipped_many": "{n} students did not need it.",
    "failed_one": "1 student could not be changed: {error}",
    "failed_many": "{n} students could not be changed: {error}",
    "flag_title": "Flag",
    "flag_text": "Flag {who} for a closer look later. The student is not told.",
    "flag_ok": "Flag",
    "flag_placeholder": "What did you see? (optional)",
    "kick_title": "Remove from the exam",
    "kick_text": (
        "Remove {who} from the exam? They stop writing at once; what they wrote so far is "
        "kept. You can readmit them later."
    ),
    "kick_ok": "Remove",
    "export_choose": "Choose the folder for the results",
    "exporting": "Exporting…",
    "exported": "Results exported to {folder}: {handed_in} of {total} students handed in.",
    "export_failed": "The export failed: {error}",
    "server_lost": (
        "The room server has stopped. Students keep their work on their computers and "
        "reconnect by themselves once it runs again; nothing is lost."
    ),
    "restart": "Restart the room server",
    "restarting": "Restarting the room server…",
    "restarted": "The room server is running again.",
    "restart_failed": "The room server could not be restarted: {error}",
    "try_again": "Try again",
    "close_running": (
        "The exam is running. If you keep the room running, students carry on and you can "
        "open the dashboard again at any time with “I am the proctor”."
    ),
    "close_lobby": "Students are waiting in the lobby. Keep the room open for them?",
    "close_other": ("Keep the room server running, or stop it? Everything is saved in {folder}."),
    "stopping": "Stopping the room server…",
}
ACTION_DONE = {
    "pause": ("Paused 1 student.", "Paused {n} students."),
    "resume": ("Resumed 1 student.", "Resumed {n} students."),
    "flag": ("Flagged 1 student.", "Flagged {n} students."),
    "unflag": ("Cleared the flag of 1 student.", "Cleared the flags of {n} students."),
    "kick": ("Removed 1 student.", "Removed {n} students."),
    "readmit": ("Readmitted 1 student.", "Readmitted {n} students."),
}
EXTRA_TIME_DONE = {
    (True, True): "Everyone has {minutes} more minutes.",
    (True, False): "Everyone has {minutes} minutes less.",
    (False, True): (
        "1 student has {minutes} more minutes.",
        "{n} students have {minutes} more minutes.",
    ),
    (False, False): (
        "1 student has {minutes} minutes less.",
        "{n} students have {minutes} minutes less.",
    ),
}


def action_done(action: str, n: int) -> str:
    one, many = ACTION_DONE[action]
    return plural(n, one, many)


def extra_time_done(minutes: int, n: int | None) -> str:
    """What giving (or taking) time did: for everyone (`n` None) or for `n` students."""
    more = minutes >= 0
    if n is None:
        text = EXTRA_TIME_DONE[(True, more)]
        assert isinstance(text, str)
        return text.format(minutes=abs(minutes))
    one, many = EXTRA_TIME_DONE[(False, more)]
    return (one if n == 1 else many).format(n=n, minutes=abs(minutes))


# -- one student up close --------------------------------------------------------------------

DETAIL = {
    "online": "online",
    "offline": "offline",
    "extra_time": "{minutes:+d} min extra time",
    "violation_one": "1 violation",
    "violation_many": "{n} violations",
    "sha": "SHA-256 {sha}",
    "not_handed_in": "Not handed in yet",
    "handed_in_version": "Handed-in version",
    "latest_autosave": "Latest autosave",
    "autosaved": "Autosaved at {time} (save {seq})",
    "no_work": "No work has reached the room server yet.",
    "loading": "Loading…",
    "reload": "Reload work",
    "work": "Work",
    "timeline": "Timeline",
    "close": "Close",
    "move": "Move to another computer…",
    "move_tip": "The student's next join, from another computer, takes this seat with their work",
    "moving": "moving: waiting for the new computer to join",
    "load_failed": "Could not load from the room server: {error}",
}

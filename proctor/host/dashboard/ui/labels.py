"""Every sentence and word the dashboard shows a proctor, in one place, as whole sentences
(ready for translation: a count picks one of two whole sentences, never a glued plural),
and the formats of times and durations."""

from __future__ import annotations

import re
import time

from proctor.common.i18n import context_of, lift, translated, translator
from proctor.common.protocol import Accommodations, RefusedClaim, StudentRow
from proctor.common.receipt import receipt_code
from proctor.host.dashboard.admin_client import AdminApiError
from proctor.host.dashboard.supervisor import FoundRoom
from proctor.host.incident_words import INCIDENT_LABELS as INCIDENT_LABELS
from proctor.host.incident_words import incident_label as incident_label
from proctor.host.standing import Standing

tr = translator(__name__)

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
    "integrity": "Integrity",
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
    "announce": "You announced",
    "hand_answered": "You answered the raised hand",
    "hand_dismissed": "You dismissed the raised hand",
}
EXTRA_TIME_ACTION = ("You gave {minutes} more minutes", "You took {minutes} minutes away")
EXTRA_TIME_ALL_ACTION = (
    "You gave everyone {minutes} more minutes",
    "You took {minutes} minutes away from everyone",
)


def action_label(action: str, for_everyone: bool) -> str:
    if action.startswith("accommodations "):
        return accommodations_label(action)
    if action.startswith("extra_time "):
        try:
            seconds = int(action.split()[1].rstrip("s"))
        except (IndexError, ValueError):
            return action
        table = EXTRA_TIME_ALL_ACTION if for_everyone else EXTRA_TIME_ACTION
        more, less = translated(context_of(__name__), table)
        text: str = more if seconds >= 0 else less
        return text.format(minutes=abs(seconds) // 60)
    label: str = ACTION_LABELS.get(action, action.replace("_", " ").capitalize())
    return label


def accommodations_label(action: str) -> str:
    """`accommodations font 150%, plain editor` (the host's action) in the proctor's words."""
    scale = re.search(r"font (\d+)%", action)
    granted = Accommodations(
        font_scale=int(scale[1]) if scale else 100, plain_editor="plain editor" in action
    )
    if not granted.granted():
        return tr("Accommodations taken back")
    return tr("Accommodations: {what}").format(what=granted_words(granted))


def admin_key_refused_text(address: str, at_ms: int) -> str:
    if address.startswith("127.") or address == "::1":
        return tr("A wrong admin key was typed on this computer at {time}.").format(
            time=clock(at_ms)
        )
    return tr("Someone at {address} typed a wrong admin key at {time}.").format(
        address=address, time=clock(at_ms)
    )


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
        return tr("just now")
    if secs < 60:
        return tr("{n} s").format(n=secs)
    minutes = secs // 60
    if minutes < 60:
        return tr("{n} min").format(n=minutes)
    return tr("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)


def refused_claim(claim: RefusedClaim) -> str:
    """One refused claim on a seat: where from, the name typed, when."""
    if claim.reason == "moved":
        return tr("the computer it moved away from ({address}) tried again at {time}").format(
            address=claim.address, time=clock(claim.at_ms)
        )
    where = claim.address or tr("an unknown address")
    return tr("from {address}, typed “{name}”, at {time}").format(
        address=where, name=claim.name_given, time=clock(claim.at_ms)
    )


def claim_marker(row: StudentRow) -> str:
    """The grid's short mark on a seat someone tried to take ("" when nobody did)."""
    claim = row.last_refused_claim
    if not row.refused_claims or claim is None:
        return ""
    times = f" ×{row.refused_claims}" if row.refused_claims > 1 else ""
    if claim.reason == "moved":
        return tr("⊘ Claim refused{times}: old computer {address}").format(
            times=times, address=claim.address
        )
    return tr("⊘ Claim refused{times}: {address} “{name}”").format(
        times=times, address=claim.address, name=claim.name_given
    )


def claim_sentence(row: StudentRow) -> str:
    """The latest refused claim on a seat in full ("" when nobody tried)."""
    claim = row.last_refused_claim
    if not row.refused_claims or claim is None:
        return ""
    times = tr("once") if row.refused_claims == 1 else tr("{n} times").format(n=row.refused_claims)
    return tr(
        "⊘ Someone tried to take this seat ({times}); latest {claim}. Refused: the seat stays "
        "with this student."
    ).format(times=times, claim=refused_claim(claim))


MOVING = "⇄ Waiting for the new computer"
MOVE_HINT = "If they really changed computers, use “Move to another computer…”."


def receipt_line(sha256: str, received_ms: int | None) -> str:
    return tr("Handed in at {time} · receipt {code}").format(
        time=clock(received_ms), code=receipt_code(sha256)
    )


# -- the setup form --------------------------------------------------------------------------

SETUP = {
    "window_title": "Set up the exam room",
    "title": "Set up the exam room",
    "subtitle": (
        "Students join with the address and join code shown once the room is open. The exam "
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
    "edit_paper": "Edit paper…",
    "edit_paper_tip": "Open this paper in the paper editor; it is checked again after each save",
    "paper_details_name": "The paper's check",
    "paper_refused_one": "The host would refuse this paper for 1 problem; edit the paper, then "
    "save it:",
    "paper_refused": "The host would refuse this paper for {n} problems; edit the paper, then "
    "save it:",
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
    name = room.name or tr("Room {room}").format(room=room.room_id)
    state = ROOM_ENTRY_STATUS.get(room.status, tr("state unknown"))
    server = tr("running") if room.running else tr("server stopped unexpectedly")
    students = plural(room.students, tr("1 student"), tr("{n} students"))
    return tr(
        "{name}   ·   room {room}   ·   opened {opened}   ·   {state}, {students}   ·   {server}"
    ).format(
        name=name,
        room=room.room_id,
        opened=room.opened,
        state=state,
        students=students,
        server=server,
    )


# -- how students find the room: the connection card, the join card, the network check -----

JOIN = {
    "join_code": "Join code",
    "room_id": "Room ID",
    "address": "Host address",
    "fingerprint": "Certificate fingerprint",
    "not_encrypted": "Not encrypted\n(--insecure-http)",
    "plain_note": (
        "Not encrypted: started with --insecure-http, so students type the room ID and "
        "nothing checks which computer they reach."
    ),
    "loopback_only": "Only this computer can join: no network connection was chosen.",
    "also": "Also reachable at {addresses}",
    "copy": "Copy",
    "copy_tip": "Copy the address and join code",
    "check": "Network check…",
    "check_tip": "Check that students' laptops can reach this room, and how to fix it if not",
    "show_card": "Show join card",
    "show_card_tip": "Show the address and join code full screen for a projector",
    "copied": "Host address: {address}   Join code: {code}   Fingerprint: {fingerprint}",
    "copied_plain": "Host address: {address}   Room ID: {code}",
    "card_title": "Join the exam",
    "card_steps": (
        "Open Proctor, choose “I am a student”, pick this room or type the address, "
        "then type the join code:"
    ),
    "card_steps_plain": "Open Proctor, choose “I am a student” and type:",
    "card_fingerprint": "Certificate fingerprint (your app can show it: the same one)",
    "card_hint": "Esc or a double click closes this card",
}
NETWORK_LEVELS = {"ok": "OK", "warning": "Warning", "problem": "Problem"}
NETWORK_CHECK = {
    "title": "Network check",
    "running": "Checking the network… (a few seconds)",
    "again": "Check &again",
    "close": "&Close",
    "students_use": "Students use {address} (interface {interface}), port {port}.",
    "no_address": "This computer has no network address students could use.",
    "encrypted": "Encrypted: students' apps check the certificate {fingerprint}.",
    "plain": "Not encrypted (--insecure-http).",
    "here": "From this computer",
    "outside": "From another network",
    "findings": "What the check found",
    "fixes": "If students cannot join",
    "blind": "What no check from here can see",
    "failed": "The check could not run: {error}",
    "probe_ok": "answers ({ms:.0f} ms)",
    "probe_failed": "does not answer: {message}",
    "probe_skipped": "not checked: {message}",
}

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
    "compact_join_code": "Join code {code} · {address}",
    "select_all": "Select all",
    "dismiss": "Dismiss",
    "empty": "No students yet. Show the join card so they can type the address and join code.",
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
    "lobby": "Starts when you press Start\u00a0exam",  # the button's name kept on one line
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
    "accommodate": "Accommodations…",
    "accommodate_tip": "Larger text or the plain-text editor for this student",
    "text_size": "text {percent} %",
    "plain_editor": "plain-text editor",
    "no_accommodations": "no accommodations",
    "moving": "moving: waiting for the new computer to join",
    "load_failed": "Could not load from the room server: {error}",
}


def granted_text(row: StudentRow) -> str:
    """What the proctor granted this student besides extra time, in a few words."""
    if row.accommodations is None:
        return DETAIL["no_accommodations"]
    return granted_words(row.accommodations)


def granted_words(granted: Accommodations) -> str:
    """ "text 150 %, plain-text editor", in the proctor's language."""
    parts = [DETAIL["text_size"].format(percent=granted.font_scale)]
    if granted.plain_editor:
        parts.append(DETAIL["plain_editor"])
    return ", ".join(parts)


# -- results ----------------------------------------------------------------------------------

RESULTS = {
    "open": "Results…",
    "open_tip": "Every student's marks, their answer sheets, the class analytics and similarity",
    "title": "Results · {title}",
    "students_tab": "Students",
    "analytics_tab": "Analytics",
    "similarity_tab": "Similarity",
    "refresh": "Refresh",
    "remark_all": "Re-mark everyone…",
    "remark_one": "Re-mark this student…",
    "release": "Release results…",
    "released": "Released to students",
    "loading": "Loading the results…",
    "load_failed": "Could not load the results: {error}",
    "no_questions": (
        "This paper has no questions: nothing is marked. The hand-ins are in the export."
    ),
    "no_students": "No student has joined yet.",
    "marking": "Marking: {done} of {total} marks done…",
    "marking_done": "Marking done: {total} marks.",
    "pending_one": "1 student is still being marked.",
    "pending_many": "{n} students are still being marked.",
    "summary": "{n} students · mean {mean} · median {median} · {passed}",
    "passed_of": "{passed} of {n} passed",
    "no_pass_mark": "no pass mark",
    "search": "Find a student by name or reg. no",
    "pass": "pass",
    "fail": "not a pass",
    "pending": "marking…",
    "no_mark": "—",
    "hand_in": "hand-in",
    "snapshot": "autosave",
    "snapshot_tip": "Never handed in: marked on the last autosave",
    "col_reg_no": "Reg. no",
    "col_name": "Name",
    "col_points": "Points",
    "col_percent": "%",
    "col_result": "Result",
    "col_work": "Work",
    "col_overrides": "✎",
    "col_overrides_tip": "How many of this student's marks you set yourself",
    "choose": "Choose a student to see their answer sheet.",
    "sheet_head": "{name} · {reg_no}",
    "sheet_points": "{points} of {max_points} points ({percent}) · {result}",
    "sheet_work_handed": "Handed in {time}",
    "sheet_work_snapshot": "Not handed in: marked on the last autosave ({time})",
    "sheet_work_nothing": "Nothing reached the room server: every question is unanswered.",
    "sheet_receipt": "Receipt {code}",
    "question_head": "{number}. {id} · {type} · {points} of {max_points} · {status}",
    "option": "Option (in the student's order)",
    "their_answer": "Their answer",
    "right_answer": "Right answer",
    "accepted": "Accepted: {answers} ({how})",
    "not_answered": "Not answered.",
    "chosen": "chosen",
    "right": "right",
    "override": "Override…",
    "override_tip": "Set the points of this question yourself, with a reason",
    "overridden": "Proctor's mark: {points} instead of the automatic {auto} · “{reason}”",
    "no_code": "No code was written for this question.",
    "case": "Case",
    "kind": "Kind",
    "result": "Result",
    "reason": "Reason",
    "hidden": "hidden",
    "visible": "visible",
    "passed": "passed",
    "failed": "failed",
    "input": "Input",
    "expected": "Expected",
    "output": "Their output",
    "students": "Students",
    "mean": "Mean",
    "median": "Median",
    "sd": "Standard deviation",
    "pass_rate": "Passed",
    "alpha": "Cronbach's alpha",
    "alpha_tip": "How consistently the questions measure the same thing (0.7 or more is usual)",
    "histogram": "Students by percent",
    "question": "Question",
    "type": "Type",
    "facility": "Facility",
    "facility_tip": "Mean points over the question's points: 1 means everyone had it right",
    "discrimination": "Discrimination",
    "discrimination_tip": (
        "How well the question separates strong from weak papers (its correlation with the "
        "rest of the paper). Below 0.3: check the question, it may be ambiguous or mis-keyed."
    ),
    "mean_points": "Mean points",
    "answered": "Answered",
    "answered_of": "{answered} of {students}",
    "check": "check this question",
    "tests_for": "Hidden tests of {question}: who passed each",
    "tests_tip": "The share of the students whose code ran the test that passed it",
    "flag": "Flag",
    "tests_none": "Choose a code question to see its hidden tests.",
    "hidden_test": "Hidden test",
    "passed_by": "Passed by",
    "ran": "Ran",
    "student": "Student",
    "similar": "Similar",
    "no_pairs": "No two students' code is alike.",
    "pick_pair": "Choose a pair to see their code side by side: the lines they share are shaded.",
    "pair_side": "{name} · {reg_no}",
    "pair_score": "{question}: {score} alike (the starter code does not count)",
    "override_title": "Override the mark",
    "override_intro": (
        "{name}, question {question}: worth {max_points} points; the automatic mark is {auto}."
    ),
    "points": "Points",
    "reason_label": "Reason (kept with the mark and in the log)",
    "reason_needed": "Say why: the reason is kept with the mark and in the log.",
    "set_mark": "Set this mark",
    "restore": "Give the automatic mark back",
    "cancel": "Cancel",
    "override_done": "{name}, {question}: {points} points.",
    "override_failed": "Could not set the mark: {error}",
    "remark_title": "Mark again",
    "remark_all_question": (
        "Mark every student's work again? Use it after fixing a hidden test or an answer in the "
        "paper. The marks you set yourself are kept."
    ),
    "remark_one_question": "Mark {name}'s work again? The marks you set yourself are kept.",
    "remark_ok": "Mark again",
    "remark_done_one": "1 mark is being redone.",
    "remark_done_many": "{n} marks are being redone.",
    "remark_failed": "Could not start marking: {error}",
    "release_title": "Release the results",
    "release_question": (
        "{preview}\n\nRelease the results to every student now? It cannot be undone."
    ),
    "release_pending": "{pending} They see their marks once marking ends.",
    "release_ok": "Release",
    "release_done": "Results released: students see them in the exam app.",
    "release_failed": "Could not release the results: {error}",
}
RELEASE_PREVIEW = {
    "none": (
        "This paper's feedback is “none”: students see only that their work has been marked, "
        "no points."
    ),
    "score": (
        "This paper's feedback is “score”: each student sees their points, percent and whether "
        "they passed."
    ),
    "full": (
        "This paper's feedback is “full”: each student sees their points, percent and pass, and "
        "for each question its status, points and the outcome of its visible cases. Never the "
        "hidden cases or tests, the right answers or your reasons."
    ),
}
QUESTION_TYPES = {
    "choice": "choice",
    "multi": "multi-choice",
    "short": "short answer",
    "code": "code",
}
MARK_STATUS = {
    "correct": "correct",
    "partial": "partly right",
    "wrong": "wrong",
    "unanswered": "not answered",
    "error": "could not be marked",
    "pending": "not marked yet",
}
MATCH_HOW = {
    "exact": "exactly",
    "nocase": "ignoring case",
    "regex": "as a pattern",
    "number": "as a number",
}


def score_number(value: float | None) -> str:
    """Points and percents as people write them: 7.5, 10, 66.67; "—" for none."""
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{score_number(value)}%"


lift(__name__, globals())

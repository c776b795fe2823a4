"""The hall's sentences in the dashboard (beside `labels.py`): announcements, raised hands,
the roster and its slips, the wall of screens, the integrity summary and the timeline."""

from __future__ import annotations

HAND_COLUMNS = ["Student", "Seat", "Waiting", "Question"]
TIMELINE_COLUMNS = ["Time", "What", "Detail"]

HALL: dict[str, str] = {
    "panel": "Hall",
    "hands_tab": "Hands ({n})",
    "announcements_tab": "Announcements ({n})",
    "roster_tab": "Roster",
    "announce": "&Announce…",
    "announce_tip": "Send a message to every student, or to the selected one",
    "announce_title": "Announce",
    "announce_to_all": "Everyone in the room",
    "announce_to_one": "Only {name} ({reg_no})",
    "announce_text": "Message (students see it large until they acknowledge it):",
    "announce_send": "&Send",
    "cancel": "&Cancel",
    "announce_failed": "The announcement was not sent: {reason}",
    "acked": "{n} of {m} acknowledged",
    "acked_all": "All {m} acknowledged",
    "to_one": "to {name}",
    "to_all": "to everyone",
    "not_acked": "Not yet acknowledged: {names}",
    "not_acked_none": "Everyone it was for has acknowledged it.",
    "no_announcements": "No announcements yet.",
    "no_hands": "No hands raised.",
    "answer": "A&nswer…",
    "dismiss": "&Dismiss",
    "show": "Show &student",
    "answer_title": "Answer {name}",
    "answer_prompt": "Your answer (shown on the student's screen):",
    "answer_send": "&Send answer",
    "hand_failed": "The raised hand was not closed: {reason}",
    "hands_waiting": "☝ {n} waiting",
    # The roster
    "roster": "&Roster…",
    "roster_tip": "Import the class list; see who never came; print PIN slips",
    "roster_title": "Roster (class list)",
    "roster_pick": "Choose a CSV file…",
    "roster_help": (
        "A CSV file with one student a line: reg_no, name and optionally seat "
        "(a first line naming the columns is skipped)."
    ),
    "roster_unknown": "A registration number not on the list:",
    "roster_refuse": "is refused (the student cannot join)",
    "roster_flag": "is admitted and flagged",
    "roster_pins": "Give every student a PIN that joining needs (print the slips)",
    "roster_import": "&Import",
    "roster_slips": "Export PIN &slips (PDF)…",
    "roster_none": "No class list: every registration number may join.",
    "roster_summary": "{n} on the list · {came} came · {never} never came · {off} not on the list",
    "never_came": "Never came: {names}",
    "never_came_none": "Everyone on the list has come.",
    "off_roster": "Not on the list (admitted, flagged): {names}",
    "roster_failed": "The class list was not imported: {reason}",
    "roster_read_failed": "The file could not be read: {reason}",
    "slips_saved": "PIN slips saved to {path}",
    "slips_title": "Save PIN slips",
    "slip_heading": "{exam}",
    "slip_name": "Name",
    "slip_reg_no": "Reg. no",
    "slip_seat": "Seat",
    "slip_pin": "PIN",
    "slip_join": "Room {room} · join at {address}",
    # The wall of screens
    "view_table": "&Table",
    "view_wall": "&Wall of screens",
    "wall_off": (
        "The wall of screens is off. Turned on before the start, each student's app sends a "
        "small picture of its exam window (nothing else) when it changes, and tells the "
        "student so."
    ),
    "wall_off_started": "The wall of screens is off; it can be turned on only before the start.",
    "wall_turn_on": "&Turn the wall of screens on",
    "wall_turn_failed": "The wall of screens was not turned on: {reason}",
    "wall_waiting": "No picture yet",
    "wall_live_title": "Live: {name} ({reg_no})",
    "wall_live_note": "Updated every {s} s while this window is open · {at}",
    "wall_close": "&Close",
    # Integrity and the timeline
    "integrity_column": "Integrity",
    "timeline": "Timeline",
    "timeline_empty": "Nothing yet.",
    "tl_announcement": "Announcement",
    "tl_hand": "Raised hand",
    "tl_action": "Proctor",
    "tl_acknowledged": "Acknowledged the announcement of {at}",
}

"""What the student reads: join failures, connection states and save states, in plain words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JoinProblem:
    text: str
    field: str | None  # "host", "room", "name", "reg_no" — the field to fix, if one


def join_problem(
    code: str, message: str, host: str = "", room: str = "", reg_no: str = ""
) -> JoinProblem:
    """A clear sentence for a failed join, and which field the student should look at."""
    where = f" at {host}" if host else ""
    if code == "invalid_address":
        return JoinProblem(
            "That host address is not valid. Type the address shown on the proctor's screen, "
            "for example 192.168.1.20 or 192.168.1.20:8080.",
            "host",
        )
    if code == "host_unreachable":
        return JoinProblem(
            f"Cannot reach the proctor's computer{where}. Check the address and that this "
            "computer is on the exam network, then try again.",
            "host",
        )
    if code == "not_proctor":
        return JoinProblem(
            f"The computer{where} answered, but it is not running a Proctor exam. "
            "Check the address on the proctor's screen.",
            "host",
        )
    if code == "unknown_room":
        shown = f" {room}" if room else ""
        return JoinProblem(
            f"There is no exam room{shown} on that computer. Check the room ID on the "
            "proctor's screen.",
            "room",
        )
    if code == "already_connected":
        shown = f" {reg_no}" if reg_no else ""
        return JoinProblem(
            f"Registration number{shown} is already connected to this exam from another "
            "computer. If that is you, close Proctor there first, or ask the proctor for help.",
            "reg_no",
        )
    if code == "kicked":
        return JoinProblem(
            "The proctor has removed you from this exam. Ask the proctor if you think this "
            "is a mistake.",
            None,
        )
    if code == "invalid_input":
        detail = f" ({message})" if message else ""
        return JoinProblem(f"Please check your name and registration number{detail}.", "name")
    if code == "exam_over":
        return JoinProblem("This exam has already ended and no longer accepts students.", None)
    if code == "protocol_mismatch":
        return JoinProblem(
            "This copy of Proctor does not match the proctor's version. Ask the proctor for "
            "the right version.",
            None,
        )
    return JoinProblem(message or "Joining failed. Please try again.", None)


CONNECTION_TEXT = {
    "online": "Connected",
    "reconnecting": "Reconnecting…",
    "polling": "Connected (slow link)",
    "offline": "Not connected — your work is kept on this computer",
    "replaced": "Open on another connection — tell the proctor if that is not you",
}

CONNECTION_LEVEL = {
    "online": "ok",
    "reconnecting": "warning",
    "polling": "warning",
    "offline": "error",
    "replaced": "error",
}


def connection_text(status: str) -> str:
    return CONNECTION_TEXT.get(status, status.capitalize())


LOUD_SAVE_KINDS = frozenset({"local_failed", "too_large", "host_rejected"})


def save_text(kind: str, message: str) -> str:
    """The save indicator's text for a save status from the session."""
    if kind == "local_ok":
        return "Saved on this computer"
    if kind == "host_ok":
        return "Saved on this computer and with the proctor"
    if kind == "host_pending":
        return "Saved on this computer · sending to the proctor…"
    if kind == "local_failed":
        detail = f" ({message})" if message else ""
        return (
            f"YOUR WORK COULD NOT BE SAVED ON THIS COMPUTER{detail}. Keep this window open "
            "and tell the proctor now. Saving is retried every second."
        )
    if kind == "too_large":
        detail = f" ({message})" if message else ""
        return (
            f"Your work is too large to send to the proctor{detail}. Remove large pasted data "
            "or output so it can be saved there. It is still saved on this computer."
        )
    if kind == "host_rejected":
        return (
            f"The proctor's computer refused your files: {message}"
            if message
            else ("The proctor's computer refused your files.")
        )
    return message or kind

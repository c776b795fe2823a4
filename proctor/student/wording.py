"""Every sentence the student app's core gives the student (the session's, and Check's), in
one place: whole sentences, or templates with named fields (filled in with `str.format` where
they are used), ready to go through translation in one pass. The core's modules take their
sentences from here only and hand them on with a code (`SessionError`, `SaveKind`,
`ConnectionKind`); the widgets' own sentences are in `student/ui/messages.py`. Qt-free. (The
check harness, which runs beside the student's code with the standard library only, words its
few tracebacks itself.)
"""

from __future__ import annotations

# ---- joining and resuming (JoinError) -------------------------------------------------------

ADDRESS_EXAMPLE = "like 192.168.1.20 or 192.168.1.20:8080"
INVALID_ADDRESS = "{reason} Enter the address the proctor shows, {example}."
ADDRESS_EMPTY = "The host address is empty."
NOT_A_PORT = "“{text}” is not a port number (1 to 65535)."
NOT_AN_ADDRESS = "“{text}” is not a host address."
INVALID_ROOM_ID = "A room ID is 6 letters and digits, like 7KQ4MZ."
PROTOCOL_MISMATCH = (
    "This host speaks version {host_version} of the exam protocol and this app speaks version "
    "{our_version}. Ask the proctor which app version to use."
)
UNREACHABLE = (
    "No answer from {host}:{port} ({reason}). Check the address and that this computer is on "
    "the exam network."
)
NOT_PROCTOR = (
    "{host}:{port} answers, but it is not a Proctor exam host. Check the address and port."
)
UNKNOWN_ROOM = "There is no room {room} on this host. Check the room ID."
SEAT_TAKEN = (
    "Registration number {reg_no} already has a seat in this exam on another computer. If you "
    "moved to this computer, ask the proctor to move your seat here, then press Join again."
)
JOIN_KICKED = "You were removed from this exam by the proctor."
JOIN_EXAM_OVER = "This exam has ended; the room no longer takes students."
TOO_MANY_ATTEMPTS = "Too many attempts to join. Wait a minute, then retry."
NOT_TAKEN_IN = "The host could not take you in: {reason}"

# The host's certificate: which one to trust when joining (`pinning`). The sentences about
# a certificate that does not match come from `proctor.common.tls` and `.joincode`.
JOIN_CODE_EXAMPLE = "K7M2QX-9F3A"
JOIN_CODE_NEEDED = (
    "The room at {host}:{port} is encrypted, so this app needs its join code to check it is "
    "the proctor's computer: type the whole join code shown on the projector, like "
    "{example}, instead of the room ID."
)
ROOM_CONFLICT = (
    "Two computers on this network announce room {room} with different certificates: one "
    "may be imitating it. Type the whole join code shown on the projector, like {example}."
)
ROOM_NOT_HEARD = (
    "Room {room} is not heard on this network. Type the host address shown on the projector "
    "as well."
)
ROOM_AT_SEVERAL_ADDRESSES = (
    "Room {room} is announced from more than one address. Type the host address shown on "
    "the projector as well."
)

# What a field is called when the host or this app refuses what was typed in it.
FIELD_NAMES = {"name": "Full name", "reg_no": "Registration number", "files": "Files"}
ANY_FIELD = "Input"
INVALID_VALUE = "invalid value"
INPUT_PROBLEM = "{field}: {problem}."

# ---- why the host cannot be reached (the `reason` in UNREACHABLE) -----------------------------

NO_ANSWER_IN_TIME = "the host did not answer in time"
CONNECTION_REFUSED = "the connection was refused or the address cannot be reached"
CONNECTION_DROPPED = "the connection was dropped"
HOST_STATUS = "The host answered with status {status}."

# ---- the seat, after joining (on_error) -----------------------------------------------------

KICKED = (
    "You were removed from the exam by the proctor. Your work is kept on this computer; "
    "ask the proctor if you think this is a mistake."
)
SEAT_MOVED = (
    "The proctor moved your exam to another computer, so this computer can no longer send "
    "work to it. What you wrote here is kept on this computer. If you should carry on here, "
    "ask the proctor to move your seat back to this computer, then join again."
)
SEAT_FORGOTTEN = (
    "The host no longer recognises this computer's seat in the exam. Join again with your "
    "details; your work on this computer is kept."
)
ROOM_GONE = (
    "The host no longer serves this room. Ask the proctor; your work on this computer is kept."
)
NO_SEAT = "Join a room first."
PAPER_UNREACHABLE = "The paper cannot be fetched: the host cannot be reached."
UNREADABLE_ANSWER = "The host's answer could not be read."

# ---- the connection (on_connection's detail) ------------------------------------------------

ONLINE = "Connected to the host."
POLLING = (
    "Connected to the host (updates every few seconds: the live connection is blocked on this "
    "network)."
)
RECONNECTING = "Connection to the host lost. Reconnecting… your work is saved on this computer."
OFFLINE = (
    "The host cannot be reached. Keep working: your work is saved on this computer and is sent "
    "as soon as the connection returns."
)

# ---- saving (on_save_status's message) ------------------------------------------------------

SAVED_LOCALLY = "Saved on this computer."
LOCAL_SAVE_FAILED = (
    "Your work could NOT be saved on this computer: {reason}. Tell the proctor now. Saving is "
    "retried every second."
)
DISK_FULL = "the disk is full"
PERMISSION_DENIED = "permission was denied"
HOST_SAVED = "Saved on the host."
HOST_PENDING = (
    "Not on the host yet: it cannot be reached. Your work is safe on this computer and is sent "
    "as soon as the connection returns."
)
TOO_LARGE = (
    "Your work is too large for the host to accept, so your latest changes are only on this "
    "computer. Make the files smaller (for example, remove long pasted text or output); the "
    "next save is sent automatically."
)
FILES_REFUSED = (
    "Your files cannot be sent to the host ({problem}). They are saved on this computer; tell "
    "the proctor."
)

# ---- handing in -------------------------------------------------------------------------------

NOT_HANDED_IN = (
    "The host cannot be reached, so your work is not handed in yet. "
    "It is saved on this computer; try again in a moment."
)
EXAM_OVER = (
    "The exam is over and the host no longer accepts hand-ins. "
    "The last snapshot of your work saved on the host stands."
)
TOO_LARGE_TO_HAND_IN = (
    "Your work is too large for the host to accept. Make the files smaller and hand in again."
)
RECEIPT_MISMATCH = (
    "The host confirmed a hand-in that is not exactly the work sent, so it is not counted as "
    "handed in. Your work is saved on this computer; submit again, and tell the proctor if "
    "this message comes back."
)
TOKEN_INVALID = "The host no longer recognises this seat."
NOT_HANDED_IN_UNTRUSTED = (
    "Your work is not handed in: {reason} It is saved on this computer; tell the proctor."
)
HOST_ERROR_RETRYING = "The host had a problem; trying again shortly."
HAND_IN_RETRYING = (
    "The exam has ended. Handing in your work… the host cannot be reached yet; retrying. "
    "Your work is safe on this computer."
)

# ---- Check: the student's own run of a code question's visible examples and cases -----------

CHECK_NOT_PYTHON = "Check runs Python programs; {main} is not one."
CHECK_EXAMPLES_NOT_RUN = "The examples could not run: {error}"
CHECK_BEFORE_ANY_TEST = "{reason}, before any test ran"
CHECK_NOT_RUN = "not run: an earlier test stopped"
CHECK_EXIT_CODE = "exited with code {code}"
CHECK_EXAMPLES_STOPPED = "the examples stopped (exit code {code})"
CHECK_TOO_MUCH_OUTPUT = "stopped: printed more than {max_chars:,} characters"
CHECK_TIME_UP = "stopped after {seconds:g} s (the time Check allows)"
CHECK_NO_OUTPUT = "no output"
CHECK_WRONG_OUTPUT = "wrong output"
CHECK_WRONG_LINE = "wrong output at line {line}: expected {want!r}, got {got!r}"
CHECK_NOTHING_MORE = "wrong output at line {line}: expected nothing more, got {got!r}"
CHECK_GOT_NOTHING = "wrong output at line {line}: expected {want!r}, got nothing"

REPLACED = (
    "Your exam was opened on another connection, so the host closed this one. If that was "
    "not you, tell the proctor. This window tries again in a moment."
)

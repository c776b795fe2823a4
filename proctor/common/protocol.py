"""Wire models of PROTOCOL.md, version 1. Every body and answer on the wire is one of these."""

from __future__ import annotations

import hashlib
import json
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from proctor.common.answer_syntax import MAX_ANSWER_CHARS as MAX_ANSWER_CHARS  # a wire limit
from proctor.common.errors import ErrorCode

PROTOCOL_VERSION = 1
APP_NAME = "proctor"


class RoomStatus(StrEnum):
    """A room's `status` on the wire (the values are the wire's strings)."""

    LOBBY = "lobby"
    ACTIVE = "active"
    ENDED = "ended"


class StudentStatus(StrEnum):
    """A student's `status` on the wire: what the host lets the student do now."""

    WAITING = "waiting"  # in the lobby
    ACTIVE = "active"  # writing
    PAUSED = "paused"  # by the proctor
    KICKED = "kicked"  # removed by the proctor
    SUBMITTED = "submitted"  # handed in while the exam runs (may hand in again)
    ENDED = "ended"  # time is up for this student


# "student": what a student asks for themself (a raised hand), reported by the host.
IncidentSource = Literal["shield", "focus", "clipboard", "camera", "network", "proctor", "student"]

MAX_NAME_CHARS = 80
MAX_REG_NO_CHARS = 40
MAX_REASON_CHARS = 500
MAX_FILES = 50
MAX_FILE_NAME_CHARS = 120
MAX_EVENTS_PER_BATCH = 200
MAX_HANDIN_BYTES = 4 * 1024 * 1024  # the largest work or submit body a host accepts
MAX_ANSWERS = 500  # questions in one student's variant
MAX_OPTIONS = 20  # options of a choice or multi question
QUESTION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"


# Never in a name, a registration number or a reason: control characters (Cc), format
# characters such as bidi overrides and zero-width spaces (Cf, as of Unicode 15) and private
# use (Co, and the two planes of it). One character class serves the server's check and the
# OpenAPI document alike, so that a request the document allows is never refused.
FORBIDDEN_CHARS = (
    r"\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    r"\U000e0001\U000e0020-\U000e007f\ue000-\uf8ff\U000f0000-\U0010ffff"
)
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARS}]")
# Whitespace (Unicode's White_Space, spelled out: regex engines disagree on `\s`). Around a
# value it is trimmed, so there it may be any of these; inside, the rules above apply.
WHITESPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_EDGE = rf"[{WHITESPACE}]*"
NAME_PATTERN = (  # something visible, and nothing forbidden
    rf"^{_EDGE}[^{FORBIDDEN_CHARS}]*[^{WHITESPACE}{FORBIDDEN_CHARS}][^{FORBIDDEN_CHARS}]*{_EDGE}$"
)
REASON_PATTERN = rf"^{_EDGE}[^{FORBIDDEN_CHARS}]*{_EDGE}$"
# Registrars' numbers: "2023CS0042", "CS/2021/045", "U-21.045", "ENG 2021 045". Words of
# visible characters with single spaces between; no backslash. A registration number is not
# safe as a file name: host-side tools go through `proctor.host.layout.student_file_stem`.
_REG_WORD = rf"[^{WHITESPACE}\\{FORBIDDEN_CHARS}]+"
REG_NO_PATTERN = rf"^{_EDGE}{_REG_WORD}(?: {_REG_WORD})*{_EDGE}$"
# Letters, digits, '_', '-' and '.', starting with no '.' or '-', and never '..' (no folders).
FILE_NAME_PATTERN = r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-]|\.[A-Za-z0-9_\-])*\.?$"


def has_control_chars(text: str) -> bool:
    """Control, format or private-use characters: never in a name (see FORBIDDEN_CHARS)."""
    return _FORBIDDEN.search(text) is not None


def _not_zero(value: int) -> int:
    if value == 0:
        raise ValueError("must not be zero")
    return value


PersonName = Annotated[
    str,
    Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=NAME_PATTERN),
    AfterValidator(str.strip),
]
RegNo = Annotated[
    str,
    Field(min_length=1, max_length=MAX_REG_NO_CHARS, pattern=REG_NO_PATTERN),
    AfterValidator(str.strip),
]
Reason = Annotated[
    str, Field(max_length=MAX_REASON_CHARS, pattern=REASON_PATTERN), AfterValidator(str.strip)
]
FileName = Annotated[str, Field(max_length=MAX_FILE_NAME_CHARS, pattern=FILE_NAME_PATTERN)]
_FILE_NAME = TypeAdapter[str](FileName)


def is_file_name(name: str) -> bool:
    """Does `name` keep the protocol's file-name rule (`FileName`), as every file of a work
    snapshot or hand-in must?"""
    try:
        _FILE_NAME.validate_python(name)
    except ValidationError:
        return False
    return True


def _names_by_pattern(schema: dict[str, Any]) -> None:
    """JSON Schema of a dict whose keys have a pattern (files, answers): every key must match
    (pydantic's own `patternProperties` would let other keys through, which the server
    refuses)."""
    for pattern, value in schema.pop("patternProperties", {}).items():
        schema.setdefault("propertyNames", {})["pattern"] = pattern
        schema["additionalProperties"] = value


Files = Annotated[
    dict[FileName, str], Field(max_length=MAX_FILES, json_schema_extra=_names_by_pattern)
]
EventKind = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
QuestionId = Annotated[str, Field(pattern=QUESTION_ID_PATTERN)]
QuestionType = Literal["choice", "multi", "short", "code"]
TagValue = str | int | float
AnswerText = Annotated[str, Field(max_length=MAX_ANSWER_CHARS)]
# choice: the option's text; multi: a list of option texts; short: text; code (or unanswered): null
AnswerValue = AnswerText | Annotated[list[AnswerText], Field(max_length=MAX_OPTIONS)] | None
Answers = Annotated[
    dict[QuestionId, AnswerValue],
    Field(max_length=MAX_ANSWERS, json_schema_extra=_names_by_pattern),
]


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and non-ASCII kept: what every receipt hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_files(files: dict[str, str]) -> tuple[str, str]:
    """A set of files as canonical JSON, and its SHA-256: the `sha256` of every receipt."""
    canonical = canonical_json(files)
    return canonical, hashlib.sha256(canonical.encode()).hexdigest()


def canonical_handin(
    files: dict[str, str], answers: dict[str, Any] | None
) -> tuple[str, str | None, str]:
    """The parts a host keeps of a snapshot or hand-in: the files' canonical JSON, the
    answers' (None without answers) and the receipt's `sha256` (as `canonical_work`), each
    part serialised once."""
    files_json = canonical_json(files)
    if answers is None:
        return files_json, None, hashlib.sha256(files_json.encode()).hexdigest()
    answers_json = canonical_json(answers)
    whole = _whole(files_json, answers_json)
    return files_json, answers_json, hashlib.sha256(whole.encode()).hexdigest()


def _whole(files_json: str, answers_json: str) -> str:
    # The canonical JSON of {"answers": ..., "files": ...}: its two keys in sorted order.
    return '{"answers":' + answers_json + ',"files":' + files_json + "}"


def canonical_work(files: dict[str, str], answers: dict[str, Any] | None = None) -> tuple[str, str]:
    """A hand-in as canonical JSON, and its SHA-256: over `{"answers", "files"}` when it
    carries answers (even none yet: `{}`), over the files alone as before when it does not."""
    if answers is None:
        return canonical_files(files)
    canonical = _whole(canonical_json(files), canonical_json(answers))
    return canonical, hashlib.sha256(canonical.encode()).hexdigest()


class Model(BaseModel):
    """Base of every wire model: unknown fields are ignored, so the protocol can grow."""

    model_config = ConfigDict(extra="ignore")


def first_invalid(exc: ValidationError, whole: str) -> tuple[str, str]:
    """The first problem a validation found: where (dotted, or `whole` for the value itself)
    and what is wrong, as pydantic says it. The one reading of a ValidationError on the host."""
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or whole
    return where, str(first.get("msg", "invalid value"))


def describe_invalid(exc: ValidationError, whole: str = "body") -> str:
    """`Invalid field 'files.a b': String should match pattern ... (and 2 more problems).`"""
    where, problem = first_invalid(exc, whole)
    extra = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
    return f"Invalid field '{where}': {problem}{extra}."


class ErrorDetail(Model):
    # One of `ErrorCode`'s values (listed in the schema); a plain string on the receiving
    # side, so that a client passes on a code a newer host may add.
    code: Annotated[str, Field(json_schema_extra={"examples": [c.value for c in ErrorCode]})]
    message: str


class ErrorBody(Model):
    error: ErrorDetail


class Hello(Model):
    app: str = APP_NAME
    protocol: int = PROTOCOL_VERSION
    version: str
    server_time_ms: int
    # Additive: whether the host serves TLS, and its certificate's SHA-256 (lowercase hex).
    # Told over the connection it describes, so only a display: clients pin what they were
    # given before they connected (the ready line, the join code, an advertised prefix).
    tls: bool = False
    fingerprint: str | None = None


class BlacklistRule(Model):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    match: Annotated[list[Annotated[str, Field(min_length=1, max_length=120)]], Field(min_length=1)]
    category: str | None = None


class Policy(Model):
    model_config = ConfigDict(extra="allow")

    blacklist: list[BlacklistRule] = Field(default_factory=list, max_length=2000)
    scan_interval_s: Annotated[float, Field(ge=0.5, le=60)] = 2.0
    camera: Literal["off", "report"] = "off"
    paste: Literal["allow", "report", "block"] = "report"
    # The wall of screens (PROTOCOL.md "Screens"): "thumbnail" makes the student app send a
    # small JPEG of its exam window when it changed; the student is told while it is on.
    screens: Literal["off", "thumbnail"] = "off"
    screen_interval_s: Annotated[float, Field(ge=2, le=120)] = 10.0


class Room(Model):
    id: str
    name: str
    status: RoomStatus
    duration_s: int
    started_ms: int | None
    ends_ms: int | None
    server_time_ms: int


MIN_FONT_SCALE, MAX_FONT_SCALE = 100, 200  # percent


class Accommodations(Model):
    """What the proctor grants one student besides extra time (PROTOCOL.md "Accommodations"):
    larger fonts and the plain-text editor, applied by the student's app as they arrive."""

    font_scale: int = Field(default=MIN_FONT_SCALE, ge=MIN_FONT_SCALE, le=MAX_FONT_SCALE)
    plain_editor: bool = False

    def granted(self) -> bool:
        return self != Accommodations()

    def words(self) -> list[str]:
        """`["font 150%", "plain editor"]`: how the session log and the exports say it."""
        return [f"font {self.font_scale}%"] + (["plain editor"] if self.plain_editor else [])


class Me(Model):
    student_id: str
    name: str
    reg_no: str
    status: StudentStatus
    ends_ms: int | None
    # The policy's revision (it goes up with each change); with a lean stream or
    # `GET /state?policy_rev=`, `policy` is null when the client holds this revision.
    policy_rev: int | None = None
    policy: Policy | None = None
    # Only when the proctor granted any (then in every frame).
    accommodations: Accommodations | None = Field(None, exclude_if=lambda v: v is None)


class RefusedClaim(Model):
    """The latest attempt to take a seat without its key: where from and the name typed."""

    at_ms: int
    address: str
    name_given: str
    reason: Literal["no_key", "wrong_key", "moved"]


class StudentRow(Model):
    student_id: str
    name: str
    reg_no: str
    status: StudentStatus
    ends_ms: int | None
    online: bool
    flagged: bool
    flag_reasons: list[str]
    last_seen_ms: int | None
    violations: int
    address: str
    joined_ms: int
    # Extensions beyond PROTOCOL.md v1 (additive).
    offline_since_ms: int | None = None
    manual_flag: bool = False
    manual_reasons: list[str] = Field(default_factory=list)  # the proctor's own flag reasons
    shield_processes: list[str] = Field(default_factory=list)
    latest_incident: str | None = None
    extra_time_s: int = 0
    submitted_ms: int | None = None
    submission_sha256: str | None = None
    shield_seen: list[str] = Field(default_factory=list)  # blacklisted apps seen, until unflagged
    removed_reason: str | None = None  # the proctor's reason, while the student is removed
    # Seats are owned: claims refused on this seat, and a move waiting for the new computer.
    refused_claims: int = 0
    last_refused_claim: RefusedClaim | None = None
    move_pending: bool = False
    # The hall (PROTOCOL.md "Hall"): incidents counted by kind, seconds out of the exam
    # window, whether a hand is up, and the roster's word on this student.
    tally: dict[str, int] = Field(default_factory=dict)
    unfocused_s: int = 0
    hand_raised_ms: int | None = None
    off_roster: bool = False
    seat: str = ""
    accommodations: Accommodations | None = None  # None: none granted


SEAT_KEY_PATTERN = r"^[A-Za-z0-9_-]+$"  # URL-safe base64, as secrets.token_urlsafe makes
MIN_SEAT_KEY_CHARS = 32
MAX_SEAT_KEY_CHARS = 128
# A seat's secret: proposed by the app or made by the host; the host keeps only its hash.
SeatKey = Annotated[
    str,
    Field(min_length=MIN_SEAT_KEY_CHARS, max_length=MAX_SEAT_KEY_CHARS, pattern=SEAT_KEY_PATTERN),
]


class JoinRequest(Model):
    name: PersonName
    reg_no: RegNo
    client: dict[str, Any] = Field(default_factory=dict)
    # The seat's key, to resume it; for a new seat (or a moved one) the key the app proposes.
    seat_key: SeatKey | None = None
    # The PIN on the student's slip, when the proctor's roster gives each student one.
    pin: Annotated[str, Field(min_length=1, max_length=12, pattern=r"^[0-9A-Za-z]+$")] | None = None


class JoinResponse(Model):
    student_id: str
    token: str
    seat_key: str  # keep it with the seat: resuming it from a join needs it
    room: Room
    me: Me


class StateResponse(Model):
    room: Room
    me: Me


class StateMessage(Model):
    type: Literal["state"] = "state"
    room: Room
    me: Me


# Close codes of the student stream (RFC 6455 leaves 4000-4999 to applications).
STREAM_REPLACED = 4001  # the same student opened a newer stream; this one is closed
STREAM_FLOODED = 4002  # the client sent far more messages than the protocol's heartbeats


class HeartbeatMessage(Model):
    type: Literal["heartbeat"] = "heartbeat"


class QuestionCase(Model):
    """A visible case of a code question: the program's stdin and the stdout expected."""

    input: str
    output: str


class Question(Model):
    """A question as a student sees it (PAPER.md): never an answer, a hidden test or case."""

    id: str
    type: QuestionType
    text: str  # Markdown
    points: int | float
    options: list[str] | None = None  # choice and multi, in this student's order
    files: list[str] = Field(default_factory=list)  # code: its starter files, in `Paper.files`
    examples: dict[str, str] | None = None  # code: {file name: text} the student may run
    cases: list[QuestionCase] = Field(default_factory=list)  # code: visible cases only
    tags: dict[str, TagValue] = Field(default_factory=dict)
    # Code: the file the cases run and its language (additive; null for other types).
    main: str | None = Field(None, exclude_if=lambda v: v is None)
    language: str | None = Field(None, exclude_if=lambda v: v is None)


class Paper(Model):
    title: str
    instructions: str
    files: dict[str, str]
    # This student's questions, in their order; left out for a paper without questions, whose
    # body is then as it was before questions existed.
    questions: list[Question] = Field(default_factory=list, exclude_if=lambda v: not v)


class EventIn(Model):
    id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{32,36}$")]
    kind: EventKind
    at_ms: Annotated[int, Field(ge=0)]
    detail: dict[str, Any] = Field(default_factory=dict)


class EventsRequest(Model):
    events: Annotated[list[EventIn], Field(max_length=MAX_EVENTS_PER_BATCH)]


class EventsResponse(Model):
    accepted: int
    duplicates: int
    dropped: int = 0  # past the cap of reports per student: taken, but not kept


MAX_SEQ = 2**53 - 1  # what every JSON implementation holds exactly


Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class WorkRequest(Model):
    """A snapshot: every file, or (with `base_sha256`, the `sha256` of the copy the host
    holds) only the files changed since that copy and the names of those `removed`."""

    seq: Annotated[int, Field(ge=0, le=MAX_SEQ)]
    files: Files
    answers: Answers | None = None
    base_sha256: Sha256Hex | None = Field(default=None, exclude_if=lambda v: v is None)
    removed: Annotated[list[FileName], Field(max_length=MAX_FILES)] | None = Field(
        default=None, exclude_if=lambda v: v is None
    )


class WorkResponse(Model):
    seq: int
    sha256: str
    # This host takes snapshots of changes (`base_sha256`); a client sends them only then.
    accepts_base: bool = False


class SubmitRequest(Model):
    files: Files
    answers: Answers | None = None


class SubmitResponse(Model):
    sha256: str
    received_ms: int


class AdminLoginRequest(Model):
    admin_key: Annotated[str, Field(min_length=1, max_length=1024)]


class TokenResponse(Model):
    token: str
    expires_ms: int  # the token is refused from then on: log in again before
    lifetime_s: int


class LogoutResponse(Model):
    logged_out: bool


class StudentsResponse(Model):
    students: list[StudentRow]


class ActionRequest(Model):
    reason: Reason | None = None


class AccommodationsRequest(Accommodations):
    """`POST admin/students/{sid}/accommodations`: the whole grant (the defaults take it back)."""

    reason: Reason | None = None


class TimeRequest(Model):
    extra_s: Annotated[
        int,
        Field(ge=-3600 * 6, le=3600 * 6, json_schema_extra={"not": {"const": 0}}),
        AfterValidator(_not_zero),
    ]
    student_id: str | None = None


class TimeResponse(Model):
    room: Room
    students: list[StudentRow]


class EndRequest(Model):
    admin_key: Annotated[str, Field(min_length=1, max_length=1024)]


class Incident(Model):
    id: int
    at_ms: int
    student_id: str
    reg_no: str
    kind: str
    source: IncidentSource
    detail: dict[str, Any]


class IncidentsResponse(Model):
    incidents: list[Incident]


class Action(Model):
    """Something the proctor (or the clock) did: start, pause, flag, kick, extra time, end…"""

    id: int | None = None  # the store's number; None in a message pushed before the commit
    at_ms: int
    action: str
    student_id: str | None
    reason: str | None


class ActionsResponse(Model):
    actions: list[Action]


class Snapshot(Model):
    seq: int
    files: dict[str, str]
    sha256: str
    saved_ms: int
    answers: dict[str, Any] | None = Field(None, exclude_if=lambda v: v is None)


class LatestWork(Snapshot):
    """`GET /rooms/{room}/work`: the host's latest copy of this student's work, as stored
    (more fields, such as answers, may come with it)."""

    model_config = ConfigDict(extra="allow")


class Submission(Model):
    files: dict[str, str]
    sha256: str
    received_ms: int
    answers: dict[str, Any] | None = Field(None, exclude_if=lambda v: v is None)


class WorkView(Model):
    student_id: str
    snapshot: Snapshot | None
    submission: Submission | None
    # A paper with questions: the student's variant once given (PAPER.md, "Variants"):
    # {"questions": [qid, ...], "options": {qid: [index, ...]}}; left out otherwise.
    variant: dict[str, Any] | None = Field(None, exclude_if=lambda v: v is None)


class AdminRoom(Model):
    """The admin view of the room: the public Room plus what only the proctor sees."""

    room: Room
    policy: Policy
    paper_title: str
    counts: dict[str, int]


class AdminStudentMessage(Model):
    type: Literal["student"] = "student"
    student: StudentRow


class AdminRoomMessage(Model):
    type: Literal["room"] = "room"
    room: Room


class AdminIncidentMessage(Model):
    type: Literal["incident"] = "incident"
    incident: Incident


class AdminActionMessage(Model):
    type: Literal["action"] = "action"
    action: Action


class AdminGradingMessage(Model):
    """Marking progress (PAPER.md): `done` of `total` question marks of the current run."""

    type: Literal["grading"] = "grading"
    done: int
    total: int


class AdminSnapshotMessage(Model):
    """First message on the admin stream: the whole room at once."""

    type: Literal["snapshot"] = "snapshot"
    room: Room
    students: list[StudentRow]


# Incident kinds reported by student clients, and the source each belongs to.
KIND_SOURCES: dict[str, IncidentSource] = {
    "process_blacklisted": "shield",
    "process_cleared": "shield",
    "focus_lost": "focus",
    "focus_regained": "focus",
    "external_paste": "clipboard",
    "paste_blocked": "clipboard",
    "no_face": "camera",
    "multiple_faces": "camera",
    "face_ok": "camera",
    "camera_unavailable": "camera",
    "camera_covered": "camera",
    "camera_frozen": "camera",
    "looking_away": "camera",
    # computer-wide signals: reported, never blocked; "_suspected" ones may be wrong
    "second_screen": "shield",
    "second_screen_cleared": "shield",
    "virtual_machine": "shield",
    "virtual_machine_suspected": "shield",
    "remote_session": "shield",
    "remote_session_suspected": "shield",
    "remote_session_cleared": "shield",
    "remote_control_port": "shield",
    "remote_control_port_suspected": "shield",
    "remote_control_port_cleared": "shield",
    "local_ai_server": "shield",
    "local_ai_server_suspected": "shield",
    "local_ai_server_cleared": "shield",
}

# Kinds that count as a violation in a student's row. Suspected signals and `looking_away` (a
# student thinking, eyes on the wall, looks the same) are reported but not counted.
VIOLATION_KINDS = frozenset(
    {
        "process_blacklisted",
        "focus_lost",
        "external_paste",
        "paste_blocked",
        "no_face",
        "multiple_faces",
        "camera_covered",
        "camera_frozen",
        "second_screen",
        "virtual_machine",
        "remote_session",
        "remote_control_port",
        "local_ai_server",
    }
)


def shield_report_app(detail: dict[str, Any]) -> str:
    """The app a `process_blacklisted` / `process_cleared` report names: its rule, or the
    process name ("" when it names neither)."""
    return str(detail.get("rule") or detail.get("name") or "")


def shield_report_key(detail: dict[str, Any]) -> str | None:
    """Which running app such a report is about: its first process id and the app (None
    without a process id). The student's banner and the host's flag both track apps by it,
    so a `process_cleared` clears exactly what its `process_blacklisted` started."""
    pid = detail.get("pid")
    return None if pid is None else f"{pid}:{shield_report_app(detail)}"


def source_of(kind: str) -> IncidentSource:
    """Which monitor a client-reported incident kind comes from."""
    if kind in KIND_SOURCES:
        return KIND_SOURCES[kind]
    prefixes: tuple[tuple[str, IncidentSource], ...] = (
        ("process_", "shield"),
        ("focus_", "focus"),
        ("camera_", "camera"),
        ("paste", "clipboard"),
    )
    for prefix, source in prefixes:
        if kind.startswith(prefix):
            return source
    return "shield"

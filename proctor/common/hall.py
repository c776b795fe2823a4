"""Wire models of the hall (PROTOCOL.md "Hall"): announcements, raised hands, the roster and
the wall of screens. Additive to protocol 1: the student stream and the admin stream carry the
new message types below; clients ignore types they do not know."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from proctor.common.protocol import FORBIDDEN_CHARS, WHITESPACE, Model, PersonName, RegNo

MAX_ANNOUNCEMENT_CHARS = 1000
MAX_ANNOUNCEMENTS = 300  # in one room: a proctor who needs more is not announcing
MAX_HAND_CHARS = 200  # "a line of text"
HAND_EVERY_S = 10  # a student raises a hand at most once in this many seconds
MAX_ANSWER_CHARS = 500
MAX_SCREEN_BYTES = 40 * 1024  # one thumbnail (JPEG)
SCREEN_MIN_INTERVAL_S = 1.0  # the fastest a student may send thumbnails (the live view's rate)
LIVE_SCREEN_INTERVAL_S = 2.0  # the rate the live view of one student asks for
MAX_ROSTER_ROWS = 5000
MAX_ROSTER_BYTES = 1024 * 1024
MAX_SEAT_CHARS = 20
PIN_DIGITS = 6

# Text a person reads in large print: lines are allowed, nothing else forbidden is.
_NO_NEWLINE_FORBIDDEN = FORBIDDEN_CHARS.replace(r"\x00-\x1f", r"\x00-\x09\x0b-\x1f")
_EDGE = rf"[{WHITESPACE}]*"
MESSAGE_PATTERN = (
    rf"^{_EDGE}[^{_NO_NEWLINE_FORBIDDEN}]*[^{WHITESPACE}{_NO_NEWLINE_FORBIDDEN}]"
    rf"[^{_NO_NEWLINE_FORBIDDEN}]*{_EDGE}$"
)
LINE_PATTERN = rf"^{_EDGE}[^{FORBIDDEN_CHARS}]*{_EDGE}$"  # one line, may be empty

AnnouncementText = Annotated[
    str,
    Field(min_length=1, max_length=MAX_ANNOUNCEMENT_CHARS, pattern=MESSAGE_PATTERN),
    AfterValidator(str.strip),
]
HandText = Annotated[
    str, Field(max_length=MAX_HAND_CHARS, pattern=LINE_PATTERN), AfterValidator(str.strip)
]
AnswerText = Annotated[
    str, Field(max_length=MAX_ANSWER_CHARS, pattern=MESSAGE_PATTERN), AfterValidator(str.strip)
]
SeatText = Annotated[
    str, Field(max_length=MAX_SEAT_CHARS, pattern=LINE_PATTERN), AfterValidator(str.strip)
]
HandStatus = Literal["waiting", "answered", "dismissed", "lowered"]


# ---- announcements ------------------------------------------------------------------------
class AnnounceRequest(Model):
    """`POST admin/announce`: to everyone, or to one student."""

    text: AnnouncementText
    student_id: str | None = None


class Acknowledgement(Model):
    student_id: str
    at_ms: int


class AdminAnnouncement(Model):
    """An announcement as the proctor sees it: whom it reached and who acknowledged it."""

    id: int
    text: str
    at_ms: int
    student_id: str | None  # None: everyone
    addressed: int  # students it was for when it was sent (not removed)
    acknowledged: list[Acknowledgement]


class AdminAnnouncementsResponse(Model):
    announcements: list[AdminAnnouncement]


class StudentAnnouncement(Model):
    """An announcement as a student sees it in `GET /rooms/{room}/announcements`."""

    id: int
    text: str
    at_ms: int
    acknowledged_ms: int | None = None


class StudentAnnouncementsResponse(Model):
    announcements: list[StudentAnnouncement]


class AnnouncementMessage(Model):
    """Student stream: `{"type": "announcement", "id", "text", "at_ms"}`."""

    type: Literal["announcement"] = "announcement"
    id: int
    text: str
    at_ms: int


class AckResponse(Model):
    id: int
    acknowledged_ms: int


# ---- raised hands ---------------------------------------------------------------------------
class RaiseHandRequest(Model):
    text: HandText = ""


class HandAnswerRequest(Model):
    """`POST admin/students/{sid}/hand/answer`; `.../hand/dismiss` takes no text."""

    text: AnswerText


class Hand(Model):
    id: int
    student_id: str
    text: str
    raised_ms: int
    status: HandStatus
    answer: str | None = None
    closed_ms: int | None = None


class HandsResponse(Model):
    hands: list[Hand]


class HandMessage(Model):
    """Student stream and admin stream: a hand raised, answered, dismissed or lowered."""

    type: Literal["hand"] = "hand"
    hand: Hand


# ---- the roster -----------------------------------------------------------------------------
class RosterEntry(Model):
    reg_no: RegNo
    name: PersonName
    seat: SeatText = ""
    pin: str | None = None  # only in admin answers, for the slips


class RosterRequest(Model):
    """`PUT admin/roster`: a class list as CSV text (`reg_no,name[,seat]`, a header row
    optional); `unknown` says what a join with a reg_no not on it gets; `pins` gives every
    student on the list a PIN that a join then needs."""

    csv: Annotated[str, Field(max_length=MAX_ROSTER_BYTES)]
    unknown: Literal["refuse", "flag"] = "refuse"
    pins: bool = False


class RosterSettings(Model):
    """`PUT admin/roster/settings`: change what an unknown reg_no gets, keeping the list."""

    unknown: Literal["refuse", "flag"]


class RosterResponse(Model):
    entries: list[RosterEntry]
    unknown: Literal["refuse", "flag"]
    pins: bool
    never_came: list[str]  # reg_nos on the list with no seat taken
    off_roster: list[str]  # reg_nos admitted that the list lacks (flagged)


# ---- screens --------------------------------------------------------------------------------
class ScreenAnswer(Model):
    """`PUT /rooms/{room}/screen` answer: when it was kept, and when to send the next."""

    at_ms: int
    interval_s: float


class LiveScreenRequest(Model):
    """`POST admin/students/{sid}/screen/live`: the proctor watches this student closely
    (`on`) for a while, so their app sends at the live rate."""

    on: bool = True


class ScreenInfo(Model):
    student_id: str
    at_ms: int
    size: int


class ScreensResponse(Model):
    screens: list[ScreenInfo]
    bytes_kept: int


class ScreenMessage(Model):
    """Admin stream: a new thumbnail from a student (fetch it with `GET admin/students/{sid}/
    screen`)."""

    type: Literal["screen"] = "screen"
    screen: ScreenInfo


class ScreenRateMessage(Model):
    """Student stream: send thumbnails every `interval_s` from now (the live view)."""

    type: Literal["screen_rate"] = "screen_rate"
    interval_s: float


# ---- admin stream -----------------------------------------------------------------------------
class AdminAnnouncementMessage(Model):
    type: Literal["announcement"] = "announcement"
    announcement: AdminAnnouncement


class AdminAckMessage(Model):
    type: Literal["ack"] = "ack"
    announcement_id: int
    student_id: str
    at_ms: int


class AdminRosterMessage(Model):
    type: Literal["roster"] = "roster"
    entries: int
    unknown: Literal["refuse", "flag"]
    pins: bool


HallMessage = (
    AdminAnnouncementMessage | AdminAckMessage | HandMessage | ScreenMessage | AdminRosterMessage
)
HALL_MESSAGE_TYPES: dict[str, type[Model]] = {
    "announcement": AdminAnnouncementMessage,
    "ack": AdminAckMessage,
    "hand": HandMessage,
    "screen": ScreenMessage,
    "roster": AdminRosterMessage,
}

"""Smoothing for the camera check: turns one analysis every 2 s into episodes a proctor can read.

Pure and clock-free: feed `observe(Observation)` and send what it returns.

- `no_face` after 3 analyses in a row without a face, frontal or in profile (about 4 s of
  absence at one every 2 s);
- `looking_away` after 4 analyses in a row without a face looking at the camera, at least 2 of
  which saw a head in profile, the last one included (the head turned away for about 6 s or
  more; the monitor looks for a profile on one side per analysis, so a head turned one way is
  found every other time);
- `multiple_faces` after 2 analyses in a row with more than one face;
- `camera_covered` after 2 analyses in a row of a dark or featureless picture without a face;
- `camera_frozen` when a live camera's picture has not changed at all for 30 s;
- `face_ok` when the picture shows exactly one face again: it closes every open episode.
A profile face alone never counts as "one face": `face_ok` needs the student facing the camera.

At most one episode per kind is open at a time, so a student who stays away for ten minutes is
one `no_face`, not three hundred. While the picture is covered or frozen, faces are not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from proctor.shield.camera_frames import Box

NO_FACE_AFTER = 3
LOOKING_AWAY_AFTER = 4
LOOKING_AWAY_PROFILES = 2  # of those analyses, how many must show a head in profile
MULTIPLE_FACES_AFTER = 2
COVERED_AFTER = 2
FROZEN_AFTER_S = 30.0
DARK_BELOW = 40.0  # mean brightness 0-255: a hand or tape over the lens, or the lights off
FLAT_BELOW = 5.0  # contrast (std. dev.): a uniform picture, the lens covered by something lit
UNCHANGED_BELOW = 0.25  # mean absolute difference: a real sensor never gets this close twice

Incident = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Observation:
    at_ms: int
    faces: list[Box]
    brightness: float
    contrast: float
    change: float | None = None  # difference from the previous analysis; None: not tracked
    profiles: list[Box] = field(default_factory=list)  # heads in profile (looked for only
    # when no face looks at the camera)


@dataclass
class _Run:
    """Consecutive analyses that showed the same condition."""

    count: int = 0
    since_ms: int = 0

    def step(self, active: bool, at_ms: int) -> int:
        if not active:
            self.count = 0
        else:
            if self.count == 0:
                self.since_ms = at_ms
            self.count += 1
        return self.count


@dataclass
class PresenceRules:
    no_face_after: int = NO_FACE_AFTER
    looking_away_after: int = LOOKING_AWAY_AFTER
    looking_away_profiles: int = LOOKING_AWAY_PROFILES
    multiple_faces_after: int = MULTIPLE_FACES_AFTER
    covered_after: int = COVERED_AFTER
    frozen_after_s: float = FROZEN_AFTER_S
    open_episodes: dict[str, int] = field(default_factory=dict)  # kind -> since_ms
    _no_face: _Run = field(default_factory=_Run)
    _away: _Run = field(default_factory=_Run)
    _away_profiles: int = 0
    _multiple: _Run = field(default_factory=_Run)
    _covered: _Run = field(default_factory=_Run)
    _unchanged_since_ms: int | None = None
    _previous_at_ms: int | None = None

    def observe(self, obs: Observation) -> list[Incident]:
        # A face in view means the lens is not covered, however dim the room.
        seen = obs.faces or obs.profiles
        covered = not seen and (obs.brightness < DARK_BELOW or obs.contrast < FLAT_BELOW)
        frozen_s = self._frozen_for_s(obs, covered)
        frozen = frozen_s >= self.frozen_after_s
        counting = not covered and not frozen
        faces = len(obs.faces)
        incidents: list[Incident] = []

        covered_run = self._covered.step(covered, obs.at_ms)
        no_face_run = self._no_face.step(counting and faces == 0 and not obs.profiles, obs.at_ms)
        away_run = self._away.step(counting and faces == 0, obs.at_ms)
        self._away_profiles = self._away_profiles + bool(obs.profiles) if away_run else 0
        multiple_run = self._multiple.step(counting and faces > 1, obs.at_ms)

        if covered_run >= self.covered_after:
            message = "The camera shows a dark or blank picture; it may be covered."
            self._open("camera_covered", self._covered, obs, message, incidents)
        if frozen:
            since_ms = obs.at_ms - round(frozen_s * 1000)
            message = f"The camera picture has not changed for {frozen_s:.0f} s."
            run = _Run(count=0, since_ms=since_ms)
            self._open("camera_frozen", run, obs, message, incidents, unchanged_s=round(frozen_s))
        if no_face_run >= self.no_face_after:
            message = f"No face seen in the last {no_face_run} checks."
            self._open("no_face", self._no_face, obs, message, incidents)
        if (
            obs.profiles  # opened on a picture that shows the turned head (the thumbnail)
            and away_run >= self.looking_away_after
            and self._away_profiles >= self.looking_away_profiles
        ):
            message = (
                f"Head turned away from the screen: a face in profile in {self._away_profiles} "
                f"of the last {away_run} checks, none facing the camera."
            )
            self._open(
                "looking_away",
                self._away,
                obs,
                message,
                incidents,
                profile_analyses=self._away_profiles,
            )
        if multiple_run >= self.multiple_faces_after:
            message = f"{faces} faces seen in {multiple_run} checks in a row."
            self._open("multiple_faces", self._multiple, obs, message, incidents)
        if counting and faces == 1 and self.open_episodes:
            incidents.append(("face_ok", self._close_all(obs)))
        return incidents

    def _frozen_for_s(self, obs: Observation, covered: bool) -> float:
        """How long the picture has been exactly the same (a dark picture does not count)."""
        previous_at_ms, self._previous_at_ms = self._previous_at_ms, obs.at_ms
        if covered or obs.change is None or obs.change >= UNCHANGED_BELOW:
            self._unchanged_since_ms = None
            return 0.0
        if self._unchanged_since_ms is None:
            self._unchanged_since_ms = previous_at_ms if previous_at_ms is not None else obs.at_ms
        return (obs.at_ms - self._unchanged_since_ms) / 1000

    def _open(
        self,
        kind: str,
        run: _Run,
        obs: Observation,
        message: str,
        incidents: list[Incident],
        **extra: Any,
    ) -> None:
        if kind in self.open_episodes:
            return
        self.open_episodes[kind] = run.since_ms
        detail = _describe(obs)
        detail.update(message=message, since_ms=run.since_ms, **extra)
        if run.count:
            detail["analyses"] = run.count
        incidents.append((kind, detail))

    def _close_all(self, obs: Observation) -> dict[str, Any]:
        closed: list[dict[str, Any]] = [
            {"kind": kind, "since_ms": since_ms, "duration_s": round((obs.at_ms - since_ms) / 1000)}
            for kind, since_ms in sorted(self.open_episodes.items(), key=lambda item: item[1])
        ]
        self.open_episodes.clear()
        detail = _describe(obs)
        names = ", ".join(_LABELS.get(c["kind"], c["kind"]) for c in closed)
        detail.update(message=f"One face in view again (ends: {names}).", closed=closed)
        return detail


_LABELS = {
    "no_face": "no face",
    "looking_away": "looking away",
    "multiple_faces": "several faces",
    "camera_covered": "camera covered",
    "camera_frozen": "picture frozen",
}


def _describe(obs: Observation) -> dict[str, Any]:
    return {
        "faces": len(obs.faces),
        "face_boxes": [list(box) for box in obs.faces],
        "profile_faces": len(obs.profiles),
        "profile_boxes": [list(box) for box in obs.profiles],
        "brightness": round(obs.brightness, 1),
        "contrast": round(obs.contrast, 1),
    }

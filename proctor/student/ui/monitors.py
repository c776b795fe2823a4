"""Starts and stops the integrity monitors the exam's policy asks for.

Every monitor reports through `emit(kind, detail)` (any thread), which goes to the
session's durable outbox. Shield reports are also shown to the student as a banner
("Close Discord — the proctor has been notified."), delivered on the GUI thread.
Whatever the policy, every exam also watches for second screens (the student is told) and
runs the computer-wide signals: a virtual machine, a remote session, listening servers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from proctor.common.protocol import Policy
from proctor.shield.camera_monitor import DEFAULT_INTERVAL_S, CameraMonitor
from proctor.shield.notices import OffenderBoard
from proctor.shield.processes import ShieldMonitor
from proctor.shield.reporting import Emit
from proctor.shield.system_signals import SystemSignalsMonitor
from proctor.student.ui import messages
from proctor.student.ui.displays import DisplayWatch
from proctor.student.ui.integrity import FocusWatch, PasteGuard
from proctor.student.ui.selfview import SelfView
from proctor.ui.bridge import AsyncBridge

log = logging.getLogger(__name__)


class IntegrityMonitors:
    def __init__(
        self,
        bridge: AsyncBridge,
        report: Emit,
        on_notice: Callable[[str, str], None],
        camera_source: str | None = None,
        face_model: str | None = None,
    ) -> None:
        """`on_notice(key, text)` shows (or, with empty text, clears) a notice to the student.
        `face_model`: a YuNet model file for the camera check (Haar when None)."""
        self._bridge = bridge
        self._report = report
        self._on_notice = on_notice
        self._camera_source = camera_source
        self._face_model = face_model
        self._policy: Policy | None = None
        self._shield: ShieldMonitor | None = None
        self._camera: CameraMonitor | None = None
        self._focus: FocusWatch | None = None
        self._paste_guard: PasteGuard | None = None
        self._displays: DisplayWatch | None = None
        self._signals: SystemSignalsMonitor | None = None
        self._offenders: OffenderBoard | None = None
        self.self_view: QWidget | None = None
        self.camera_notice = ""  # what the student is told about the camera check

    @property
    def running(self) -> bool:
        return self._policy is not None

    def start(self, policy: Policy, window: QWidget) -> None:
        """Start what `policy` asks for (once). One paste guard covers every text field of
        the exam window: the editors, the program's input, and any field added later."""
        if self._policy is None:
            self._policy = policy
            self._start_focus(window)
            self._start_paste_guard(window, policy)
            self._start_displays(window)
            self._start_signals()
            self._start_shield(policy)
            if policy.camera == "report":
                self._start_camera()

    def note_internal_copy(self, text: str) -> None:
        """Text copied from the instructions may be pasted freely."""
        if self._paste_guard is not None:
            self._paste_guard.note_internal_copy(text)

    def stop(self) -> None:
        monitors = (
            self._shield,
            self._camera,
            self._focus,
            self._paste_guard,
            self._displays,
            self._signals,
        )
        for monitor in monitors:
            if monitor is not None:
                try:
                    monitor.stop()
                except Exception:
                    log.exception("stopping a monitor failed")
        self._shield = self._camera = self._focus = self._paste_guard = None
        self._displays = self._signals = None
        self._policy = None

    # -- the monitors -------------------------------------------------------------

    def _start_paste_guard(self, window: QWidget, policy: Policy) -> None:
        try:
            self._paste_guard = PasteGuard(window, policy.paste, self._report, self._paste_notice)
        except Exception:
            log.exception("paste guard could not start")

    def _start_focus(self, window: QWidget) -> None:
        try:
            self._focus = FocusWatch(window, self._report)
        except Exception:
            log.exception("focus watch could not start")

    def _start_displays(self, window: QWidget) -> None:
        try:
            self._displays = DisplayWatch(self._report, self._on_notice, parent=window)
            self._displays.start()
        except Exception:
            log.exception("display watch could not start")

    def _start_signals(self) -> None:
        try:
            self._signals = SystemSignalsMonitor(self._report)
            self._signals.start()
        except Exception:
            log.exception("system signals could not start")

    def _start_shield(self, policy: Policy) -> None:
        if not policy.blacklist:
            return
        self._offenders = OffenderBoard()
        rules = [rule.model_dump() for rule in policy.blacklist]
        try:
            self._shield = ShieldMonitor(rules, policy.scan_interval_s, self._shield_emit)
            self._shield.start()
        except Exception:
            log.exception("process shield could not start")

    def _shield_emit(self, kind: str, detail: dict[str, Any]) -> None:
        self._report(kind, detail)
        self._bridge.to_gui(self._show_offenders, kind, dict(detail))

    def _show_offenders(self, kind: str, detail: dict[str, Any]) -> None:
        if self._offenders is not None and self._offenders.apply(kind, detail):
            self._on_notice("shield", self._offenders.banner_text() or "")

    def _start_camera(self) -> None:
        self.camera_notice = messages.CAMERA_NOTICE
        try:
            self.self_view = SelfView()
            self.self_view.availabilityChanged.connect(self._camera_availability)
            self._camera = CameraMonitor(
                self._camera_source or "0",
                self._report,
                DEFAULT_INTERVAL_S,
                self.self_view.feed_frame,
                face_model=self._face_model,
            )
            self._camera.start()
        except Exception:  # the exam goes on without the camera check
            log.exception("camera monitor could not start")

    def _camera_availability(self, available: bool) -> None:
        """No camera: say what happened and what to do (the proctor gets the incident)."""
        self.camera_notice = messages.CAMERA_NOTICE if available else messages.NO_CAMERA
        self._on_notice("camera", "" if available else messages.NO_CAMERA)

    def _paste_notice(self, text: str) -> None:
        self._on_notice("paste", text)

"""The student's app: the session with the host (join, stream, outbox, autosave, hand-in),
plain asyncio with no Qt, and its widgets in `ui/`.

May import `proctor.common` and `proctor.shield`; Qt only in `ui/`; never `proctor.host`.
"""

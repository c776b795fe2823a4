"""The room server: the engine (a pure state machine), its store (SQLite, one writer), the hub
of live connections and the aiohttp routes over them, started by `headless.py`.

May import `proctor.common`, `proctor.paper`, `proctor.marking` and `proctor.host.layout`;
never Qt, never `proctor.host.dashboard` or `proctor.student`.
"""

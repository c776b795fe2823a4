"""The proctor's side, as two processes and one offline tool.

`server/` is the room server (its own process; `proctor host --headless`); `dashboard/` is the
proctor's window, a client of the server's admin API; `export.py` writes what a proctor walks
away with from a room's store; `layout.py` names the files in a host's data folder.
`dashboard/` and `export.py` never import `server/` beyond `server.store` (plain SQLite) and
`layout.py`, so the window and the exporter never load aiohttp's server or the room engine.
"""

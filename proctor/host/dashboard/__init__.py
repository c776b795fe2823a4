"""The proctor's dashboard: the admin API client, the supervisor that starts or finds the room
server's process, and the widgets in `ui/`.

Talks to the server only over HTTP (loopback); may import `proctor.common`, `proctor.paper`,
`proctor.host.layout`, `proctor.host.server.store` (reading) and `proctor.ui`; Qt only in `ui/`.
"""

"""The roster's admin endpoints (PROTOCOL.md "Hall"): import a class list before or during
the exam, change what an unknown reg_no gets, read it back with who never came (and, for the
slips, the PINs), or drop it. Admin token only: the PINs never reach a student endpoint."""

from __future__ import annotations

from aiohttp import web

from proctor.common.hall import (
    MAX_ROSTER_BYTES,
    AdminRosterMessage,
    RosterEntry,
    RosterRequest,
    RosterResponse,
    RosterSettings,
)
from proctor.host.server import hall_store
from proctor.host.server.connection import utf8
from proctor.host.server.hall_join import apply_roster_to_seated
from proctor.host.server.hall_roster import parse_roster_csv
from proctor.host.server.plumbing import json_model, read_model
from proctor.host.server.room import LiveRoom
from proctor.host.server.routes_admin import ADMIN, admin_room

routes = web.RouteTableDef()


def roster_view(live: LiveRoom) -> RosterResponse:
    roster = live.hall.roster
    seated = {s.reg_no.casefold() for s in live.engine.students.values()}
    return RosterResponse(
        entries=[RosterEntry.model_validate(e) for e in roster.entries],
        unknown=roster.unknown,
        pins=roster.pins,
        never_came=[e["reg_no"] for e in roster.never_came(seated)] if roster.active else [],
        off_roster=[s.reg_no for s in live.engine.students.values() if s.off_roster],
    )


async def _store_and_tell(live: LiveRoom) -> None:
    roster = live.hall.roster
    events = apply_roster_to_seated(live, live.clock())
    ops = hall_store.ops_roster(roster.entries, roster.settings())
    await live.commit_and_push(events, ops)
    message = AdminRosterMessage(
        entries=len(roster.entries), unknown=roster.unknown, pins=roster.pins
    )
    for conn in list(live.hub.admins):
        conn.send(utf8(message.model_dump_json()))


@routes.put(ADMIN + "/roster")
async def import_roster(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, RosterRequest, MAX_ROSTER_BYTES + 16 * 1024)
    entries = parse_roster_csv(body.csv)  # a bad list changes nothing
    live.hall.roster.replace(entries, body.unknown, body.pins)
    await _store_and_tell(live)
    return json_model(roster_view(live))


@routes.get(ADMIN + "/roster")
async def get_roster(request: web.Request) -> web.Response:
    return json_model(roster_view(admin_room(request)))


@routes.put(ADMIN + "/roster/settings")
async def roster_settings(request: web.Request) -> web.Response:
    live = admin_room(request)
    body = await read_model(request, RosterSettings)
    live.hall.roster.unknown = body.unknown
    await _store_and_tell(live)
    return json_model(roster_view(live))


@routes.delete(ADMIN + "/roster")
async def drop_roster(request: web.Request) -> web.Response:
    live = admin_room(request)
    live.hall.roster.replace([], "refuse", False)
    await _store_and_tell(live)
    return json_model(roster_view(live))

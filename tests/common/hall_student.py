"""A student's side for the network-namespace tests; prints one JSON line of what happened.

find --room R [--code C] [--wait-s N]   hear the room (beacon and mDNS), then join it with
                                        the join code and the heard address, pinned
connect --address A --port P --fingerprint F   a pinned request to a host already joined
first-contact --address A --port P --code C [--advertised FP16]
session --room R --code C --data-dir D   the student app's session (no Qt): hears the room,
                                        picks it, joins with the join code as typed, then
                                        prints each connection change and error until SIGTERM
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import ssl
import time
from pathlib import Path
from typing import Any

import aiohttp

from proctor.common.announce import RoomFinder
from proctor.common.discovery import HeardRoom
from proctor.common.joincode import parse_join_code, pin_first_contact
from proctor.common.tls import PinMismatch, pin, tls_failure_message
from proctor.student.pinning import choose_target
from proctor.student.seat import load_credentials
from proctor.student.session import StudentSession

TIMEOUT = aiohttp.ClientTimeout(total=10)


def _room(room: HeardRoom) -> dict[str, Any]:
    return {
        "name": room.name,
        "room_id": room.room_id,
        "address": room.address,
        "port": room.port,
        "tls": room.tls,
        "fp": room.fp,
        "sources": sorted(room.sources),
    }


async def _talk(
    address: str, port: int, fingerprint: str, timeout: aiohttp.ClientTimeout = TIMEOUT
) -> dict[str, Any]:
    base = f"https://{address}:{port}"
    async with aiohttp.ClientSession(timeout=timeout) as http:
        async with http.get(f"{base}/api/v1/hello", ssl=pin(fingerprint)) as resp:
            hello = await resp.json()
        async with http.ws_connect(f"{base}/ws", ssl=pin(fingerprint)) as ws:
            await ws.send_str("hi")
            echo = (await ws.receive(timeout=5)).data
    return {"hello": hello, "ws": echo}


def _failure(exc: BaseException) -> dict[str, Any]:
    return {"error": tls_failure_message(exc) or str(exc), "error_type": type(exc).__name__}


async def find(args: argparse.Namespace) -> dict[str, Any]:
    finder = RoomFinder()
    await finder.start()
    sources: set[str] = set()
    started = time.monotonic()
    heard_after: dict[str, float] = {}
    try:
        deadline = started + args.wait_s
        while time.monotonic() < deadline:
            for room in finder.registry.find(args.room):
                for source in room.sources:
                    heard_after.setdefault(source, round(time.monotonic() - started, 2))
                sources |= room.sources
            if sources >= {"beacon", "mdns"}:
                break
            await asyncio.sleep(0.05)
        rooms = finder.registry.find(args.room)
        result: dict[str, Any] = {
            "heard": [_room(r) for r in rooms],
            "sources": sorted(sources),
            "heard_after_s": heard_after,
            "conflicting": finder.registry.conflicting(args.room),
            "problems": finder.problems,
        }
    finally:
        await finder.close()
    if not rooms or not args.code:
        return result
    room = rooms[0]
    try:
        fingerprint = await pin_first_contact(
            room.address, room.port, join_code=parse_join_code(args.code), advertised_fp=room.fp
        )
        result["fingerprint"] = fingerprint
        result.update(await _talk(room.address, room.port, fingerprint))
    except (PinMismatch, aiohttp.ClientError, OSError, ssl.SSLError) as exc:
        result.update(_failure(exc))
    return result


async def watch(args: argparse.Namespace) -> dict[str, Any]:
    wanted = {args.only} if args.only else {"beacon", "mdns"}
    finder = RoomFinder(
        stale_after_s=args.stale_after_s, beacon="beacon" in wanted, mdns="mdns" in wanted
    )
    await finder.start()
    started = time.monotonic()
    try:
        announced = False
        last: set[str] = set()
        name = None
        while time.monotonic() - started < args.wait_s:
            rooms = finder.registry.find(args.room)
            now: set[str] = set().union(*(r.sources for r in rooms)) if rooms else set()
            if not announced and now >= wanted:
                announced, name = True, rooms[0].name
                print(json.dumps({"event": "heard", "sources": sorted(now)}), flush=True)
            elif announced:
                if rooms and rooms[0].name != name:
                    name = rooms[0].name
                    print(json.dumps({"event": "renamed", "name": name}), flush=True)
                for source in sorted(last - now):
                    after = round(time.monotonic() - started, 2)
                    print(
                        json.dumps({"event": "lost", "source": source, "at_s": after}), flush=True
                    )
                if not now:
                    return {"event": "gone", "at_s": round(time.monotonic() - started, 2)}
            last = now
            await asyncio.sleep(0.05)
        return {"event": "timeout", "sources": sorted(last)}
    finally:
        await finder.close()


def _say(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


class _Printer:
    """The session's listener: every connection change and error, as a JSON line."""

    def on_state(self, room: Any, me: Any) -> None:
        _say({"event": "state", "status": me.status})

    def on_connection(self, status: str, detail: str) -> None:
        _say({"event": "connection", "kind": str(status), "detail": detail})

    def on_save_status(self, kind: str, message: str) -> None:
        pass

    def on_receipt(self, receipt: Any, automatic: bool) -> None:
        pass

    def on_error(self, code: str, message: str) -> None:
        _say({"event": "error", "code": str(code), "message": message})


async def session(args: argparse.Namespace) -> dict[str, Any]:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    finder = RoomFinder()
    await finder.start()
    try:
        deadline = time.monotonic() + 20
        while not finder.registry.find(args.room) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        heard = finder.rooms()
    finally:
        await finder.close()
    rooms = [r for r in heard if r.room_id == args.room.upper()]
    if not rooms:
        return {"event": "not_heard"}
    picked = rooms[0]  # the student picks the room from the list: its address goes in
    target = choose_target(f"{picked.address}:{picked.port}", args.code, heard)
    student = StudentSession(
        Path(args.data_dir), _Printer(), heartbeat_s=0.5, poll_s=0.3, reconnect_max_s=1.0
    )
    try:
        joined = await student.join(
            target.host,
            target.port,
            target.room_entry,
            "Ada Lovelace",
            "R-1",
            advertised_fp=target.advertised_fp,
            heard_plain=target.heard_plain,
        )
        await student.start()
        credentials = student.credentials
        assert credentials is not None and student._seat is not None
        saved = load_credentials(Path(args.data_dir))
        _say(
            {
                "event": "joined",
                "student_id": joined.student_id,
                "address": target.host,
                "port": target.port,
                "room_entry": target.room_entry,
                "fingerprint": credentials.fingerprint,
                "saved_fingerprint": saved.fingerprint if saved else None,
                "base_url": student._seat.client.base_url,
                "pinned": student._seat.client.fingerprint,
            }
        )
        await stop.wait()
    finally:
        await student.close()
    return {"event": "closed"}


async def connect(args: argparse.Namespace) -> dict[str, Any]:
    try:
        timeout = aiohttp.ClientTimeout(total=args.timeout_s)
        return await _talk(args.address, args.port, args.fingerprint, timeout)
    except (aiohttp.ClientError, OSError) as exc:
        return _failure(exc)


async def first_contact(args: argparse.Namespace) -> dict[str, Any]:
    try:
        fingerprint = await pin_first_contact(
            args.address,
            args.port,
            join_code=parse_join_code(args.code),
            advertised_fp=args.advertised,
        )
    except (PinMismatch, OSError, ssl.SSLError) as exc:
        return _failure(exc)
    return {"fingerprint": fingerprint, **await _talk(args.address, args.port, fingerprint)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    f = commands.add_parser("find")
    f.add_argument("--room", required=True)
    f.add_argument("--code")
    f.add_argument("--wait-s", type=float, default=15.0)
    w = commands.add_parser("watch")
    w.add_argument("--room", required=True)
    w.add_argument("--wait-s", type=float, default=30.0)
    w.add_argument("--stale-after-s", type=float, default=10.0)
    w.add_argument("--only", choices=["beacon", "mdns"])
    c = commands.add_parser("connect")
    fc = commands.add_parser("first-contact")
    for sub in (c, fc):
        sub.add_argument("--address", required=True)
        sub.add_argument("--port", type=int, required=True)
    c.add_argument("--fingerprint", required=True)
    c.add_argument("--timeout-s", type=float, default=10.0)
    fc.add_argument("--code", required=True)
    fc.add_argument("--advertised")
    se = commands.add_parser("session")
    se.add_argument("--room", required=True)
    se.add_argument("--code", required=True)
    se.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    commands_run = {"find": find, "watch": watch, "connect": connect, "session": session}
    run = {**commands_run, "first-contact": first_contact}[args.command]
    print(json.dumps(asyncio.run(run(args))), flush=True)

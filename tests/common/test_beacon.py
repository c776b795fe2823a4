"""The UDP beacon: the packet's shape, strict decoding, and real sockets on loopback
(ephemeral ports, so nothing here touches the real beacon port)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator

import pytest

from proctor.common.announce import RoomAnnouncer, RoomFinder
from proctor.common.beacon import (
    LIMITED_BROADCAST,
    MAX_BEACON_BYTES,
    BeaconListener,
    BeaconSender,
    beacon_targets,
    decode_beacon,
    encode_beacon,
)
from proctor.common.discovery import HeardRoom, RoomAdvert, RoomRegistry
from proctor.common.netutil import lan_addresses

FP = "0123456789abcdef" * 4
ADVERT = RoomAdvert("K7M2QX", "Hall 3", 8443, True, FP)


def _body(**change: object) -> bytes:
    body: dict[str, object] = json.loads(encode_beacon(ADVERT))
    body.update(change)
    return json.dumps(body).encode()


def test_the_packet_is_the_protocols_json() -> None:
    assert json.loads(encode_beacon(ADVERT)) == {
        "app": "proctor",
        "protocol": 1,
        "room_id": "K7M2QX",
        "name": "Hall 3",
        "port": 8443,
        "tls": True,
        "fp": FP[:16],
    }
    plain = json.loads(encode_beacon(RoomAdvert("K7M2QX", "Hall 3", 8080, False, None)))
    assert plain["tls"] is False and plain["fp"] == ""


def test_a_long_name_is_shortened_to_fit_the_packet() -> None:
    packet = encode_beacon(RoomAdvert("K7M2QX", "𝔥" * 200, 8443, True, FP))
    assert len(packet) <= MAX_BEACON_BYTES
    room = decode_beacon(packet, "10.0.0.5", now=0.0)
    assert room is not None and room.name.startswith("𝔥")


def test_decode_takes_the_address_from_the_packet_source_only() -> None:
    room = decode_beacon(_body(address="6.6.6.6", extra=[1, 2]), "10.0.0.5", now=7.0)
    assert room is not None
    assert (room.room_id, room.name, room.address, room.port, room.tls, room.fp) == (
        "K7M2QX",
        "Hall 3",
        "10.0.0.5",
        8443,
        True,
        FP[:16],
    )
    assert room.sources == {"beacon"} and room.last_heard == 7.0


@pytest.mark.parametrize(
    "packet",
    [
        b"",
        b"hello",
        b"[1, 2]",
        b"{not json",
        b"\xff\xfe{}",
        b'{"app": "proctor"}',
        b"{" + b" " * MAX_BEACON_BYTES + b"}",
        b"[" * 400 + b"]" * 400,
        _body(app="other"),
        _body(protocol=2),
        _body(protocol=True),
        _body(protocol="1"),
        _body(room_id="K7M0QX"),
        _body(port=0),
        _body(port=99999),
        _body(port="8443"),
        _body(tls="true"),
        _body(fp="0123"),
        _body(name=""),
        _body(name=["Hall"]),
    ],
)
def test_anything_but_a_valid_beacon_is_ignored(packet: bytes) -> None:
    assert decode_beacon(packet, "10.0.0.5", now=0.0) is None


def test_targets_are_the_directed_and_the_limited_broadcast() -> None:
    assert beacon_targets("127.0.0.1") == ["127.0.0.1"]
    lan = [a for a, _ in lan_addresses() if not a.startswith("127.")]
    for address in lan:  # whatever this machine has: computed, nothing is sent
        targets = beacon_targets(address)
        assert targets[-1] == LIMITED_BROADCAST and 1 <= len(targets) <= 2
    assert beacon_targets("198.51.100.77") == [LIMITED_BROADCAST]  # an address we lack


@pytest.fixture
async def heard() -> AsyncIterator[tuple[BeaconListener, list[HeardRoom]]]:
    rooms: list[HeardRoom] = []
    listener = BeaconListener(rooms.append, port=0, bind="127.0.0.1")
    await listener.start()
    yield listener, rooms
    await listener.close()


async def _until(condition: object, timeout_s: float = 5.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.01)


async def test_a_sender_is_heard_by_a_listener(
    heard: tuple[BeaconListener, list[HeardRoom]],
) -> None:
    listener, rooms = heard
    sender = BeaconSender(ADVERT, "127.0.0.1", port=listener.port, interval_s=0.05)
    await sender.start()
    try:
        await _until(lambda: len(rooms) >= 3)
        sender.update(RoomAdvert("K7M2QX", "Hall 3 (renamed)", 8443, True, FP))
        await _until(lambda: rooms[-1].name == "Hall 3 (renamed)")
    finally:
        await sender.close()
    assert {(r.room_id, r.address, r.port) for r in rooms} == {("K7M2QX", "127.0.0.1", 8443)}
    assert sender.sent >= 3 and sender.failed == 0
    count = len(rooms)
    await asyncio.sleep(0.2)
    assert len(rooms) == count  # closed: no more beacons


async def test_the_listener_ignores_garbage_and_rate_limits_a_noisy_sender() -> None:
    rooms: list[HeardRoom] = []
    # A frozen clock keeps every packet in one rate window, so the count is exact.
    listener = BeaconListener(rooms.append, port=0, bind="127.0.0.1", clock=lambda: 50.0)
    await listener.start()
    noisy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for packet in [b"garbage", b"{}", _body(app="x")]:
            noisy.sendto(packet, ("127.0.0.1", listener.port))
        await _until(lambda: listener.ignored == 3)
        for _ in range(50):
            noisy.sendto(encode_beacon(ADVERT), ("127.0.0.1", listener.port))
        await _until(lambda: listener.accepted + listener.ignored + listener.dropped == 53)
    finally:
        noisy.close()
        await listener.close()
    assert listener.ignored == 3
    assert listener.accepted == 2  # 5 a second from one address; 3 went to the garbage
    assert listener.dropped == 48
    assert len(rooms) == 2


async def test_announcer_and_finder_on_loopback_then_closed_cleanly() -> None:
    registry_changes: list[int] = []
    finder = RoomFinder(
        beacon_port=0,
        mdns=False,
        on_change=lambda: registry_changes.append(1),
        stale_after_s=0.5,
    )
    assert finder.beacon is not None
    finder.beacon.bind = "127.0.0.1"
    await finder.start()
    announcer = RoomAnnouncer(ADVERT, "127.0.0.1", beacon_port=finder.beacon.port)
    await announcer.start()
    updates = finder.updates()
    try:
        assert announcer.mdns is None and announcer.problems == []
        async with asyncio.timeout(5):
            assert await anext(updates) == []  # nothing heard yet
            (room,) = await anext(updates)
        assert (room.name, room.address, room.port, room.fp) == (
            "Hall 3",
            "127.0.0.1",
            8443,
            FP[:16],
        )
        await announcer.close()  # no more beacons: the sweep drops the room once stale
        async with asyncio.timeout(5):
            while await anext(updates):
                pass
        assert finder.rooms() == [] and len(registry_changes) >= 2
    finally:
        await announcer.close()
        await finder.close()
    async with asyncio.timeout(5):
        assert [rooms async for rooms in updates] == []  # closed: the iterator ends


async def test_a_finder_whose_port_is_taken_carries_on_and_says_why() -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    try:
        finder = RoomFinder(beacon_port=port, mdns=False)
        assert finder.beacon is not None
        finder.beacon.bind = "127.0.0.1"
        await finder.start()
        assert finder.beacon is None
        assert finder.problems and f"UDP port {port}" in finder.problems[0]
        assert finder.rooms() == []
        await finder.close()
    finally:
        taken.close()


async def test_a_sender_for_an_address_this_machine_lacks_refuses_to_start() -> None:
    with pytest.raises(OSError):
        await BeaconSender(ADVERT, "198.51.100.77", port=9).start()
    announcer = RoomAnnouncer(ADVERT, "198.51.100.77", beacon_port=9, mdns=False)
    await announcer.start()
    assert "cannot be sent from 198.51.100.77" in announcer.problems[0]
    await announcer.close()


def test_registry_is_fed_directly_by_a_listener() -> None:
    registry = RoomRegistry()
    listener = BeaconListener(registry.heard, port=0)
    listener._received(encode_beacon(ADVERT), "10.0.0.5")
    assert [r.address for r in registry.rooms()] == ["10.0.0.5"]

"""Rooms heard on the LAN: the registry merges sources, forgets stale rooms, stays bounded;
the mDNS record's fields are checked as strictly as the beacon's."""

from __future__ import annotations

import itertools
import socket

import pytest
from zeroconf.asyncio import AsyncServiceInfo

from proctor.common.discovery import (
    SERVICE_TYPE,
    HeardRoom,
    RoomAdvert,
    RoomRegistry,
    clean_name,
    heard_room,
)
from proctor.common.ids import ROOM_ALPHABET
from proctor.common.mdns import instance_name, rooms_from_info, txt_record

FP = "0123456789abcdef" * 4


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _room(
    room_id: str = "K7M2QX",
    address: str = "10.0.0.5",
    *,
    source: str = "beacon",
    fp: str = FP[:16],
    name: str = "Hall 3",
    port: int = 8443,
) -> HeardRoom:
    room = heard_room(
        room_id=room_id,
        name=name,
        address=address,
        port=port,
        tls=bool(fp),
        fp=fp,
        source=source,  # type: ignore[arg-type]
        now=0.0,
    )
    assert room is not None
    return room


def test_advert_fp_is_the_first_16_characters() -> None:
    assert RoomAdvert("K7M2QX", "Hall", 8443, True, FP).fp == FP[:16]
    assert RoomAdvert("K7M2QX", "Hall", 8080, False, None).fp == ""


def test_names_are_cleaned_of_control_and_direction_characters() -> None:
    assert clean_name("  Hall\u202e 3\n\tB ") == "Hall 3 B"
    assert clean_name("\x00\x1b[2J") == "[2J"
    assert clean_name("x" * 500) == "x" * 80
    assert clean_name("") is None and clean_name("\u200b") is None and clean_name(5) is None


@pytest.mark.parametrize(
    "change",
    [
        {"room_id": "K7M0QX"},
        {"room_id": 123456},
        {"name": ""},
        {"name": None},
        {"address": "224.0.0.251"},
        {"address": "255.255.255.255"},
        {"address": "0.0.0.0"},
        {"address": "fe80::1"},
        {"port": 0},
        {"port": 65536},
        {"port": "8443"},
        {"port": True},
        {"tls": 1},
        {"fp": FP[:15]},
        {"fp": FP[:16].upper()},
        {"tls": False, "fp": FP[:16]},
    ],
)
def test_heard_room_refuses_fields_a_host_never_sends(change: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "room_id": "K7M2QX",
        "name": "Hall",
        "address": "10.0.0.5",
        "port": 8443,
        "tls": True,
        "fp": FP[:16],
    }
    fields.update(change)
    assert heard_room(**fields, source="beacon", now=0.0) is None  # type: ignore[arg-type]


def test_heard_room_normalizes_the_room_id_and_takes_plain_http_without_fp() -> None:
    room = _room("k7m2qx", fp="")
    assert room.room_id == "K7M2QX" and room.tls is False and room.fp == ""


def test_both_sources_merge_into_one_room_and_expire_separately() -> None:
    clock = Clock()
    changes: list[int] = []
    registry = RoomRegistry(clock=clock, stale_after_s=10, on_change=lambda: changes.append(1))
    registry.heard(_room(source="beacon"))
    clock.now += 3
    registry.heard(_room(source="mdns"))
    (room,) = registry.rooms()
    assert room.sources == {"beacon", "mdns"} and room.hits == 2
    assert room.last_heard == 1003 and room.first_heard == 1000 and room.age_s(1005) == 2
    clock.now += 8  # the beacon was last heard 11 s ago, mDNS 8 s ago
    (room,) = registry.rooms()
    assert room.sources == {"mdns"}
    clock.now += 3
    assert registry.rooms() == []
    assert len(changes) == 4  # new, +mdns, -beacon, gone


def test_a_renamed_room_keeps_its_place_and_shows_the_new_name() -> None:
    registry = RoomRegistry(clock=Clock())
    registry.heard(_room(name="Hall 3"))
    registry.heard(_room(name="Hall 3 (morning)"))
    assert [r.name for r in registry.rooms()] == ["Hall 3 (morning)"]


def test_an_mdns_goodbye_leaves_what_the_beacon_still_says() -> None:
    registry = RoomRegistry(clock=Clock())
    registry.heard(_room(source="beacon"))
    registry.heard(_room(source="mdns"))
    registry.forget("mdns", "K7M2QX", "10.0.0.5", 8443)
    assert [r.sources for r in registry.rooms()] == [{"beacon"}]
    registry.forget("beacon", "K7M2QX", "10.0.0.5", 8443)
    assert registry.rooms() == []


def test_two_fingerprints_for_one_room_id_is_a_conflict() -> None:
    registry = RoomRegistry(clock=Clock())
    registry.heard(_room(address="10.0.0.5"))
    registry.heard(_room(address="10.0.0.5", source="mdns"))
    assert not registry.conflicting("k7m2qx")
    registry.heard(_room(address="10.0.0.66", fp="f" * 16))
    assert registry.conflicting("K7M2QX")
    assert {r.address for r in registry.find("k7m2qx")} == {"10.0.0.5", "10.0.0.66"}
    assert registry.find("ABCDEF") == []


def test_a_flood_of_fake_rooms_stays_bounded_and_the_real_room_survives() -> None:
    clock = Clock()
    registry = RoomRegistry(clock=clock, capacity=16, per_address=4)
    real = _room("K7M2QX", "10.0.0.5")
    for _ in range(5):  # heard a few times already, as a real host's beacon is
        registry.heard(real)
    ids = ("".join(t) for t in itertools.product(ROOM_ALPHABET, repeat=3))
    for n in range(2000):
        fake_address = f"10.1.{n // 250}.{n % 250 + 1}"
        registry.heard(_room("ZZZ" + next(ids), fake_address))
        if n % 100 == 0:
            registry.heard(real)
    assert len(registry) <= 16
    assert registry.find("K7M2QX") and not registry.conflicting("K7M2QX")


def test_one_address_cannot_fill_the_registry() -> None:
    registry = RoomRegistry(clock=Clock(), capacity=64, per_address=4)
    for n in range(50):
        registry.heard(_room("ZZZ" + ROOM_ALPHABET[n % 31] + "22", port=1000 + n))
    assert len(registry) == 4 and registry.refused > 0
    registry.heard(_room("K7M2QX", "10.0.0.9"))
    assert registry.find("K7M2QX")


# ---------------------------------------------------------------------------------------------
# mDNS records


def test_instance_name_fits_a_dns_label_and_carries_the_room_id() -> None:
    advert = RoomAdvert("K7M2QX", "Ünïversity hall. " * 10, 8443, True, FP)
    name = instance_name(advert)
    assert len(name.encode()) <= 63 and name.endswith(" [K7M2QX]") and "." not in name
    assert txt_record(advert) == {
        "room": "K7M2QX",
        "name": txt_record(advert)["name"],
        "protocol": "1",
        "tls": "1",
        "fp": FP[:16],
    }


def _info(properties: dict[str, str], addresses: list[str] | None = None) -> AsyncServiceInfo:
    return AsyncServiceInfo(
        SERVICE_TYPE,
        f"Hall [K7M2QX].{SERVICE_TYPE}",
        port=8443,
        properties=properties,
        server="proctor-k7m2qx.local.",
        addresses=[socket.inet_aton(a) for a in addresses or ["10.0.0.5"]],
    )


def test_a_resolved_record_becomes_one_room_per_address() -> None:
    txt = txt_record(RoomAdvert("K7M2QX", "Hall 3", 8443, True, FP))
    rooms = rooms_from_info(_info(txt, ["10.0.0.5", "192.168.7.2"]), now=5.0)
    assert [(r.address, r.port, r.fp, r.sources) for r in rooms] == [
        ("10.0.0.5", 8443, FP[:16], {"mdns"}),
        ("192.168.7.2", 8443, FP[:16], {"mdns"}),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"protocol": "2"},
        {"protocol": ""},
        {"tls": "yes"},
        {"room": "K7M0QX"},
        {"fp": "xyz"},
        {"name": ""},
    ],
)
def test_a_record_with_other_fields_is_no_room(change: dict[str, str]) -> None:
    txt = txt_record(RoomAdvert("K7M2QX", "Hall 3", 8443, True, FP))
    txt.update(change)
    assert rooms_from_info(_info(txt), now=0.0) == []

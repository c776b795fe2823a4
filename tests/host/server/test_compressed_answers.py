"""The paper, which every student fetches at the start, goes gzip-compressed to a client that
takes it, on a real room server on a real port (pinned); as it is to one that does not."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import make_mocked_request

from proctor.host.server.compressed import SharedBody, accepts_gzip
from tests.helpers.hosts import running_host


async def test_the_paper_goes_compressed_to_a_client_that_takes_gzip(tmp_path: Path) -> None:
    paper_dir = tmp_path / "paper"
    paper_dir.mkdir()
    (paper_dir / "README.md").write_text("# Sorting\n\nSort the list in place.\n")
    (paper_dir / "main.py").write_text("def sort(items):\n    return items\n" * 200)
    async with running_host(tmp_path / "host", paper_dir=paper_dir) as host:
        joined = await host.join("Ada", "R-1")
        await host.admin("POST", "start")
        auth = {"Authorization": f"Bearer {joined['token']}"}
        url = f"{host.room_url}/paper"
        raw: dict[str, bytes] = {}
        async with host.http(auto_decompress=False) as http:
            for coding in ("gzip, deflate", "identity", "gzip;q=0"):
                headers = {**auth, "Accept-Encoding": coding}
                async with http.get(url, headers=headers) as resp:
                    assert resp.status == 200
                    raw[coding] = await resp.read()
                    compressed = resp.headers.get("Content-Encoding") == "gzip"
                    assert compressed == (coding == "gzip, deflate"), coding
                    assert resp.headers["Vary"] == "Accept-Encoding"
        plain = json.loads(raw["identity"])
        assert plain["files"]["main.py"].startswith("def sort(items):")
        assert json.loads(gzip.decompress(raw["gzip, deflate"])) == plain
        assert raw["gzip;q=0"] == raw["identity"]
        assert len(raw["gzip, deflate"]) < len(raw["identity"]) / 5
        async with host.http() as http:  # the student app's client: inflated for it
            async with http.get(url, headers=auth) as resp:
                assert await resp.json() == plain


@pytest.mark.parametrize(
    ("header", "takes"),
    [("gzip", True), ("br, GZIP;q=0.5", True), ("*", True), ("gzip;q=0", False),
     ("gzip;q=x", False), ("deflate", False), ("", False)],
)  # fmt: skip
def test_accept_encoding_is_read_as_written(header: str, takes: bool) -> None:
    request = make_mocked_request("GET", "/", headers={"Accept-Encoding": header})
    assert accepts_gzip(request) is takes


def test_small_bodies_go_as_they_are() -> None:
    assert SharedBody('{"a": 1}').gzipped is None
    large = SharedBody(json.dumps({"x": "a" * 5000}))
    assert large.gzipped is not None and gzip.decompress(large.gzipped) == large.raw

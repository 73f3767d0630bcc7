"""The page's share of `wrapper cost`: CloudFront requests and bytes, S3 revalidations, from real files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tests.page.conftest import configure, write
from tests.page.test_files import TEMPLATE_MODULES
from wrapper.config import load_config
from wrapper.cost import prices
from wrapper.cost.page import page_cost, page_meters
from wrapper.page.files import collect


def test_meters_follow_the_files_their_compression_and_the_price_table(tmp_path: Path) -> None:
    script = "export const hello = 'world';\n" * 200  # compressible, over CloudFront's 1,000-byte floor
    model = bytes(range(256)) * 40  # binary: sent as it is
    dist = write(tmp_path / "dist", {"index.html": "<p>hi</p>", "assets/app-Ab12Cd34.js": script, "models/a.glb": model})
    requests, data_out, origin = page_meters(collect(dist), players=10)
    assert requests.quantity_per_hour == 30 and requests.cost_per_hour == pytest.approx(30 / 1e6 * prices.CLOUDFRONT_REQUEST_PER_MILLION)
    expected_bytes = len("<p>hi</p>") + len(gzip.compress(script.encode(), compresslevel=6)) + len(model)
    assert data_out.quantity_per_hour == pytest.approx(10 * expected_bytes / 1e9)
    assert data_out.cost_per_hour == pytest.approx(10 * expected_bytes / 1e9 * prices.CLOUDFRONT_DATA_OUT_PER_GB)
    assert origin.quantity_per_hour == 20, "the hashed script stays at the edge; index.html and the model are revalidated"


def test_the_scaffolded_page_is_priced_and_an_unbuilt_one_says_so(project: Path) -> None:
    (project / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES, target_is_directory=True)  # as after `npm install`
    meters, note = page_cost(load_config(project, "dev", env={}), players=10)
    assert [m.name for m in meters] == ["CloudFront requests (page)", "CloudFront data out (page)", "S3 requests (page)"]
    assert note is not None and "loaded once per player-hour" in note
    configure(project, '[frontend]\ndist = "frontend/dist"')
    meters, note = page_cost(load_config(project, "dev", env={}), players=10)
    assert meters == () and note is not None and "not priced" in note

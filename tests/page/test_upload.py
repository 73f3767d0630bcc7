"""Uploading the page against moto's S3 and CloudFront: headers, deletions, reruns, invalidations, order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import scaffold
from tests.page.conftest import Cloud, configure, write
from wrapper.config import ProjectConfig, load_config
from wrapper.page import deploy as page

VITE_BUILD = {
    "index.html": '<!doctype html><script type="module" src="/assets/index-BdX3kP9a.js"></script>',
    "about.html": "<p>about</p>",
    "assets/index-BdX3kP9a.js": "import './vendor-9f8e7d6c.js'; console.log('app')",
    "assets/vendor-9f8e7d6c.js": "export const v = 1",
    "assets/style-Ab12Cd34.css": "body { margin: 0 }",
    "models/avatar.glb": b"glTF\x02\x00\x00\x00",
    "favicon.svg": "<svg/>",
}


@pytest.fixture
def site(tmp_path: Path) -> ProjectConfig:
    root = scaffold(tmp_path / "demo")
    configure(root, '[frontend]\ndist = "frontend/dist"')
    write(root / "frontend" / "dist", VITE_BUILD)
    return load_config(root, "dev", env={})


def test_first_upload_stores_every_file_with_its_type_and_cache_policy(cloud: Cloud, site: ProjectConfig) -> None:
    result = page.upload(site, cloud.outputs())
    stored = cloud.objects()
    assert sorted(stored) == sorted([*VITE_BUILD, "wrapper-config.json"])
    assert stored["assets/index-BdX3kP9a.js"]["ContentType"] == "text/javascript; charset=utf-8"
    assert stored["assets/index-BdX3kP9a.js"]["CacheControl"] == "public, max-age=31536000, immutable"
    assert stored["assets/style-Ab12Cd34.css"]["ContentType"] == "text/css; charset=utf-8"
    assert stored["models/avatar.glb"]["ContentType"] == "model/gltf-binary"
    for key in ("index.html", "about.html", "wrapper-config.json", "favicon.svg", "models/avatar.glb"):
        assert stored[key]["CacheControl"] == "no-cache", key
    body = cloud.s3.get_object(Bucket=cloud.bucket, Key="wrapper-config.json")["Body"].read()
    assert json.loads(body)["websocketUrl"] == "wss://abc123.execute-api.eu-west-2.amazonaws.com/dev"
    assert json.loads(body)["auth"] == {"required": False, "tokenParameter": "token"}
    assert result.plan.invalidations == [] and cloud.invalidations() == []  # nothing was cached before


def test_a_rerun_with_no_change_uploads_and_invalidates_nothing(cloud: Cloud, site: ProjectConfig) -> None:
    page.upload(site, cloud.outputs())
    versions = len(cloud.s3.list_object_versions(Bucket=cloud.bucket)["Versions"])
    again = page.upload(site, cloud.outputs())
    assert again.plan.uploads == [] and again.plan.deletes == [] and again.plan.unchanged == len(VITE_BUILD) + 1
    assert len(cloud.s3.list_object_versions(Bucket=cloud.bucket)["Versions"]) == versions
    assert cloud.invalidations() == []
    assert again.summary().startswith("page unchanged")


def test_a_changed_file_is_uploaded_and_invalidates_only_itself(cloud: Cloud, site: ProjectConfig) -> None:
    page.upload(site, cloud.outputs())
    write(site.root / "frontend" / "dist", {"about.html": "<p>about us</p>"})
    changed = page.upload(site, cloud.outputs())
    assert [f.key for f in changed.plan.uploads] == ["about.html"]
    assert cloud.invalidations() == [["/about.html"]]
    write(site.root / "frontend" / "dist", {"index.html": VITE_BUILD["index.html"] + "<!-- v2 -->"})
    page.upload(site, cloud.outputs())
    assert sorted(cloud.invalidations()) == sorted([["/about.html"], ["/", "/index.html"]])


def test_gone_files_are_deleted_and_hashed_ones_need_no_invalidation(cloud: Cloud, site: ProjectConfig) -> None:
    page.upload(site, cloud.outputs())
    dist = site.root / "frontend" / "dist"
    (dist / "assets" / "index-BdX3kP9a.js").unlink()
    (dist / "favicon.svg").unlink()
    write(
        dist,
        {"assets/index-Zz99Yy88.js": "console.log('v2')", "index.html": '<script type="module" src="/assets/index-Zz99Yy88.js"></script>'},
    )
    result = page.upload(site, cloud.outputs())
    assert result.plan.deletes == ["assets/index-BdX3kP9a.js", "favicon.svg"]
    assert "assets/index-BdX3kP9a.js" not in cloud.objects() and "assets/index-Zz99Yy88.js" in cloud.objects()
    assert cloud.invalidations() == [["/", "/favicon.svg", "/index.html"]]


def test_new_files_go_first_then_index_html_then_deletions(cloud: Cloud, site: ProjectConfig) -> None:
    page.upload(site, cloud.outputs())
    dist = site.root / "frontend" / "dist"
    (dist / "about.html").unlink()
    write(dist, {"assets/index-Zz99Yy88.js": "v2", "contact.html": "<p>hi</p>", "index.html": "<p>v2</p>"})
    calls: list[str] = []
    cloud.s3.meta.events.register("before-parameter-build.s3.PutObject", lambda params, **kw: calls.append("put " + params["Key"]))
    cloud.s3.meta.events.register("before-parameter-build.s3.DeleteObjects", lambda params, **kw: calls.append("delete"))
    cloud.cloudfront.meta.events.register("before-parameter-build.cloudfront.CreateInvalidation", lambda **kw: calls.append("invalidate"))
    from wrapper.page import sync
    from wrapper.page.files import collect

    files = [*collect(dist), page.local_files(site, "wss://x/dev")[-1]]
    sync.execute(
        cloud.s3, lambda: cloud.cloudfront, cloud.bucket, cloud.distribution_id, sync.plan(files, sync.listing(cloud.s3, cloud.bucket))
    )
    assert set(calls[:2]) == {"put assets/index-Zz99Yy88.js", "put wrapper-config.json"}
    assert calls[2:] == ["put contact.html", "put index.html", "invalidate", "delete"]


def test_a_failed_build_shows_its_output_and_uploads_nothing(cloud: Cloud, site: ProjectConfig, tmp_path: Path) -> None:
    page.upload(site, cloud.outputs())
    before = cloud.objects()
    text = (
        (site.root / "wrapper.toml")
        .read_text()
        .replace("[frontend]\n", '[frontend]\nbuild = "echo compiling; echo \\"src/app.ts: error TS2304\\" >&2; exit 3"\n')
    )
    (site.root / "wrapper.toml").write_text(text)
    broken = load_config(site.root, "dev", env={})
    from wrapper.cli.page_step import prepare
    from wrapper.errors import WrapperError

    with pytest.raises(WrapperError) as err:
        prepare(broken)
    assert "exit code 3" in err.value.message and "error TS2304" in err.value.message and "compiling" in err.value.message
    assert {k: v["ETag"] for k, v in cloud.objects().items()} == {k: v["ETag"] for k, v in before.items()}


def test_destroy_empties_every_version(cloud: Cloud, site: ProjectConfig) -> None:
    page.upload(site, cloud.outputs())
    write(site.root / "frontend" / "dist", {"about.html": "<p>v2</p>"})
    (site.root / "frontend" / "dist" / "favicon.svg").unlink()
    page.upload(site, cloud.outputs())  # a second version and a delete marker
    assert page.empty(site, cloud.outputs()) == len(VITE_BUILD) + 1 + 2
    listed = cloud.s3.list_object_versions(Bucket=cloud.bucket)
    assert "Versions" not in listed and "DeleteMarkers" not in listed
    cloud.s3.delete_bucket(Bucket=cloud.bucket)  # what Terraform does next; refused if anything were left

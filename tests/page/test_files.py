"""What the page uploads and with which headers: decided from the files alone, before any AWS call."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import scaffold
from tests.page.conftest import write
from wrapper.errors import WrapperError
from wrapper.page.files import MAX_OBJECT_BYTES, collect, s3_etag
from wrapper.page.headers import cache_control, content_type, inline_script_hashes, is_content_hashed

TEMPLATE_MODULES = Path(__file__).resolve().parents[2] / "templates" / "frontend" / "webxr" / "node_modules"


@pytest.mark.parametrize(
    ("key", "hashed"),
    [
        ("assets/index-BdX3kP9a.js", True),  # Vite
        ("assets/index-BdXkPqaZ.css", True),  # Vite, a hash without digits
        ("static/js/main.3f9a1c2e.js", True),  # create-react-app / webpack
        ("_next/static/chunks/app-0a1b2c3d4e5f.js", True),  # Next.js export
        ("src/main.js", False),
        ("node_modules/three/build/three.module.js", False),
        ("node_modules/three/examples/jsm/webxr/VRButton.js", False),
        ("assets/some-component.js", False),
        ("index-BdX3kP9a.html", False),  # an HTML page is an entry point, never cached for long
    ],
)
def test_content_hashed_names(key: str, hashed: bool) -> None:
    assert is_content_hashed(key) is hashed
    assert cache_control(key) == ("public, max-age=31536000, immutable" if hashed else "no-cache")


def test_content_types_are_what_browsers_need_for_modules_and_models() -> None:
    assert content_type("src/main.js") == "text/javascript; charset=utf-8"  # module scripts refuse other types under nosniff
    assert content_type("index.html") == "text/html; charset=utf-8"
    assert content_type("models/avatar.glb") == "model/gltf-binary"
    assert content_type("fonts/inter.woff2") == "font/woff2"
    assert content_type("wrapper-config.json") == "application/json"
    assert content_type("blob.unknownext") == "application/octet-stream"


def test_the_template_page_uploads_only_the_node_modules_files_it_imports(tmp_path: Path) -> None:
    if not (TEMPLATE_MODULES / "three").is_dir():
        pytest.skip("three.js is not installed in templates/frontend/webxr (scripts/bootstrap --test does it)")
    root = scaffold(tmp_path / "demo")
    (root / "frontend" / "node_modules").symlink_to(TEMPLATE_MODULES)
    keys = [f.key for f in collect(root / "frontend", ("package.json", "package-lock.json", "**/.*", "*.map"))]
    modules = [k for k in keys if k.startswith("node_modules/")]
    assert modules == [
        "node_modules/three/build/three.core.js",
        "node_modules/three/build/three.module.js",
        "node_modules/three/examples/jsm/utils/BufferGeometryUtils.js",
        "node_modules/three/examples/jsm/webxr/VRButton.js",
    ]
    assert "index.html" in keys and "src/main.js" in keys and "src/style.css" in keys
    assert "package.json" not in keys and "wrapper-config.json" not in keys


def test_etags_match_what_s3_computes_for_single_and_multipart_uploads(tmp_path: Path) -> None:
    small = write(tmp_path, {"a.txt": "hello"}) / "a.txt"
    assert s3_etag(path=small) == "5d41402abc4b2a76b9719d911017c592"
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (8 * 1024 * 1024 + 1))
    assert s3_etag(path=big).endswith("-2")


def test_inline_scripts_are_hashed_for_the_csp() -> None:
    html = '<script type="importmap">{"imports": {}}</script><script type="module" src="./src/main.js"></script>'
    hashes = inline_script_hashes(html)
    assert len(hashes) == 1 and hashes[0].startswith("'sha256-")


def test_a_missing_folder_or_index_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WrapperError, match="does not exist"):
        collect(tmp_path / "dist")
    write(tmp_path / "dist", {"app.js": "x"})
    with pytest.raises(WrapperError, match=r"no index\.html"):
        collect(tmp_path / "dist")


def test_a_file_over_cloudfronts_limit_stops_everything(tmp_path: Path) -> None:
    dist = write(tmp_path / "dist", {"index.html": "<p>hi</p>"})
    with (dist / "huge.bin").open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(MAX_OBJECT_BYTES + 1)
    with pytest.raises(WrapperError) as err:
        collect(dist)
    assert "huge.bin" in err.value.message and "50 GB" in err.value.message
    os.unlink(dist / "huge.bin")


def test_imports_are_followed_through_maps_reexports_dynamic_imports_and_css(tmp_path: Path) -> None:
    dist = write(
        tmp_path / "site",
        {
            "index.html": '<script type="importmap">{"imports": {"lib": "./node_modules/lib/index.js", "lib/": "./node_modules/lib/"}}</script>'
            '<link rel="stylesheet" href="./node_modules/theme/theme.css"><script type="module" src="./app/main.js"></script>',
            "app/main.js": "import { a } from 'lib';\nconst later = await import('lib/lazy.js');\n",
            "node_modules/lib/index.js": "export * from './core.js';\nexport { b } from \"./extra.js\";\n",
            "node_modules/lib/core.js": "export const a = 1;",
            "node_modules/lib/extra.js": "export const b = 2;",
            "node_modules/lib/lazy.js": "import './side-effect.js';",
            "node_modules/lib/side-effect.js": "",
            "node_modules/lib/unused.js": "export const never = 0;",
            "node_modules/theme/theme.css": "@font-face { src: url('./fonts/inter.woff2'); }",
            "node_modules/theme/fonts/inter.woff2": b"wOF2",
            "node_modules/theme/README.md": "docs",
        },
    )
    modules = sorted(f.key for f in collect(dist) if f.key.startswith("node_modules/"))
    assert modules == [
        "node_modules/lib/core.js",
        "node_modules/lib/extra.js",
        "node_modules/lib/index.js",
        "node_modules/lib/lazy.js",
        "node_modules/lib/side-effect.js",
        "node_modules/theme/fonts/inter.woff2",
        "node_modules/theme/theme.css",
    ]


def test_a_page_importing_packages_that_are_not_installed_is_refused(project: Path) -> None:
    with pytest.raises(WrapperError) as err:
        collect(project / "frontend")  # the scaffold before `npm install`: no node_modules/three
    assert "node_modules/three/build/three.module.js" in err.value.message and "npm install" in (err.value.hint or "")

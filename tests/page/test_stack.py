"""The page's Terraform as rendered: settings reach it, a custom domain is checkov-clean too, and
the headers CloudFront adds are the ones the browser test serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import scaffold
from tests.page.conftest import configure
from tests.projects import edit_config
from tests.support.checkov import run_checkov
from wrapper.config import load_config
from wrapper.errors import ConfigError
from wrapper.page.headers import FIXED_HEADERS, PERMISSIONS_POLICY
from wrapper.terraform.stage import render

MODULE = Path(__file__).resolve().parents[2] / "templates" / "terraform" / "modules" / "static_site" / "main.tf"
DOMAIN = '\n[frontend]\ndomain_name = "play.example.com"\n\n[dns]\nzone = "example.com"\n'


def with_domain(tmp_path: Path, extra: str = DOMAIN) -> Path:
    return configure(scaffold(tmp_path / "world", service="world"), extra)


def test_the_page_variable_carries_the_settings_and_a_csp_for_the_pages_inline_scripts(tmp_path: Path) -> None:
    root = with_domain(tmp_path)
    (root / "wrapper.toml").write_text((root / "wrapper.toml").read_text().replace('"PriceClass_100"', '"PriceClass_All"'))
    folder = render(load_config(root, "dev", env={}))
    page = json.loads((folder / "terraform.tfvars.json").read_text())["page"]
    assert page["name"] == "world-dev-page" and page["price_class"] == "PriceClass_All"
    assert page["domain_name"] == "play.example.com" and page["zone"] == "example.com"
    assert "connect-src 'self' {websocket_origin}" in page["content_security_policy"]
    assert "'unsafe-inline'" not in page["content_security_policy"] and "'unsafe-eval'" not in page["content_security_policy"]
    assert len(re.findall(r"'sha256-", page["content_security_policy"])) == 1  # the template's import map (its error hook is src/boot.js)
    assert page["permissions_policy"] == PERMISSIONS_POLICY


def test_without_a_page_the_variable_is_null(tmp_path: Path) -> None:
    folder = render(load_config(with_domain(tmp_path, "\n[frontend]\nenabled = false\n"), "dev", env={}))
    assert json.loads((folder / "terraform.tfvars.json").read_text())["page"] is None


def test_cloudfronts_fixed_headers_are_the_ones_tests_serve() -> None:
    hcl = MODULE.read_text()
    assert "access_control_max_age_sec = 63072000" in hcl and "include_subdomains         = true" in hcl
    assert FIXED_HEADERS["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"
    assert 'frame_option = "DENY"' in hcl and FIXED_HEADERS["X-Frame-Options"] == "DENY"
    assert 'referrer_policy = "strict-origin-when-cross-origin"' in hcl
    assert FIXED_HEADERS["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "content_type_options" in hcl and FIXED_HEADERS["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('\n[frontend]\ndomain_name = "play.other.org"\n\n[dns]\nzone = "example.com"\n', "is not inside dns.zone"),
        ('\n[frontend]\ndomain_name = "https://play.example.com/"\n', "is not a domain name"),
        ('\n[frontend]\nbuild = ""\n\n[stages.dev]\nfrontend.price_class = "PriceClass_300"\n', "PriceClass_300"),
    ],
)
def test_bad_page_settings_are_one_clear_error(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(with_domain(tmp_path, extra), "dev", env={})
    assert message in str(err.value)


def test_the_api_domain_must_be_inside_dns_zone_and_needs_no_certificate_arn(tmp_path: Path) -> None:
    root = with_domain(tmp_path)
    edit_config(root, "[websocket]\n", '[websocket]\ndomain_name = "api.other.org"\n')
    with pytest.raises(ConfigError) as err:
        load_config(root, "dev", env={})
    assert "websocket.domain_name 'api.other.org' is not inside dns.zone 'example.com'" in str(err.value)
    edit_config(root, "api.other.org", "api.example.com")
    config = load_config(root, "dev", env={})
    assert config.websocket.domain_name == "api.example.com" and config.websocket.certificate_arn is None


@pytest.mark.slow
def test_a_stage_with_a_custom_domain_is_checkov_clean(tmp_path: Path) -> None:
    root = edit_config(with_domain(tmp_path), "[websocket]\n", '[websocket]\ndomain_name = "api.example.com"\n')  # its certificate too
    report = run_checkov(render(load_config(root, "prod", env={})))
    assert report.failed == []
    assert report.passed > 100

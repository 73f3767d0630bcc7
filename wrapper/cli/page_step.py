"""The page's part of ``wrapper deploy`` and ``wrapper destroy``, shared by both paths of deploy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.ui import console


def prepare(config: ProjectConfig) -> None:
    """Install its packages, build the page and check every file before Terraform or S3 is touched (a failure changes nothing)."""
    from wrapper import page_packages
    from wrapper.page import deploy as page
    from wrapper.page.domain import check_zone
    from wrapper.ui import npm_view

    check_zone(config)  # the API's custom domain may use dns.zone too
    if not config.frontend.enabled:
        return
    page_packages.require_installed(config.root / config.dev.frontend_dir, npm_view)
    page.build(config)
    page.local_files(config, None)


def publish(config: ProjectConfig, outputs: dict[str, Any], *, quiet: bool) -> dict[str, Any] | None:
    """Upload the page to the bucket Terraform made; returns the --json report (None: no page)."""
    from wrapper.page import deploy as page
    from wrapper.ui import page_view

    if not config.frontend.enabled or not outputs.get("page_bucket"):
        return None
    page_view.dns_records(outputs.get("page_dns_records") or [])
    with page_view.upload_progress(quiet=quiet) as on_progress:
        result = page.upload(config, outputs, on_progress)
    if not quiet:
        console.success(result.summary())
    return result.to_dict()


def page_only(config: ProjectConfig, outputs: dict[str, Any], *, quiet: bool) -> dict[str, Any] | None:
    from wrapper.errors import UsageError
    from wrapper.page import deploy as page

    if not config.frontend.enabled:
        raise UsageError(f"stage {config.stage!r} hosts no page (frontend.enabled = false)", "drop --page-only")
    prepare(config)
    page.check_csp(config, outputs.get("page_content_security_policy"))
    return publish(config, outputs, quiet=quiet)


def watch_certificate(config: ProjectConfig, sink: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """While Terraform waits for ACM, say which DNS records it waits for (custom domain without dns.zone)."""
    from wrapper.page.domain import watch
    from wrapper.ui import page_view

    return watch(config, sink, page_view.waiting_for_dns)


def empty_bucket(config: ProjectConfig, outputs: dict[str, Any]) -> None:
    from wrapper.page import deploy as page

    removed = page.empty(config, outputs)
    if removed:
        console.info(f"emptied the page bucket {outputs['page_bucket']} ({removed} object versions)")

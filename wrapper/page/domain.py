"""Custom domains at deploy time (the page's and the WebSocket API's): the zone must be this account's,
and without a zone the user is told, while Terraform waits for ACM, which records to create."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError

CERTIFICATE = "aws_acm_certificate"
Records = list[dict[str, str]]


def check_zone(config: ProjectConfig) -> None:
    """dns.zone must be a public hosted zone of the account deploying, or Terraform fails half-way."""
    from wrapper.page.aws import aws_errors, route53_client

    zone = config.frontend.zone
    if zone is None or (config.frontend.domain_name is None and config.websocket.domain_name is None):
        return
    with aws_errors(f"looking up the Route53 zone {zone}"):
        found = route53_client().list_hosted_zones_by_name(DNSName=zone + ".", MaxItems="1").get("HostedZones", [])
    if not any(z["Name"].rstrip(".") == zone and not z.get("Config", {}).get("PrivateZone") for z in found):
        raise WrapperError(
            f"dns.zone {zone!r} is not a public hosted zone in the AWS account deploying this stage; nothing was changed",
            "create the zone in this account (or deploy with that account's credentials), "
            "or remove dns.zone and create the records `wrapper deploy` lists by hand",
        )


def pending_records(certificate_arn: str) -> Records:
    """The CNAME records ACM waits for, as ACM states them (asked in the certificate's own region)."""
    from wrapper.page.aws import acm_client, aws_errors

    with aws_errors("reading the custom domain's certificate"):
        options = acm_client(certificate_arn.split(":")[3]).describe_certificate(CertificateArn=certificate_arn)["Certificate"].get("DomainValidationOptions", [])
    return [
        {"name": o["ResourceRecord"]["Name"], "type": o["ResourceRecord"]["Type"], "value": o["ResourceRecord"]["Value"]}
        for o in options
        if "ResourceRecord" in o
    ]


def watch(
    config: ProjectConfig, sink: Callable[[dict[str, Any]], None], tell: Callable[[Records], None]
) -> Callable[[dict[str, Any]], None]:
    """Wrap an apply's event sink: once a certificate exists that no zone validates, tell the user what to create."""
    watched = unvalidated_certificates(config)
    if not watched:
        return sink

    def on_event(event: dict[str, Any]) -> None:
        sink(event)
        hook = event.get("hook") or {}
        resource = hook.get("resource") or {}
        if (
            event.get("type") == "apply_complete"
            and resource.get("resource_type") == CERTIFICATE
            and resource.get("addr", "").startswith(watched)
        ):
            tell(pending_records(hook.get("id_value", "")))

    return on_event


def unvalidated_certificates(config: ProjectConfig) -> tuple[str, ...]:
    """Address prefixes of the certificates wrapper requests that no dns.zone validates."""
    if config.frontend.zone is not None:
        return ()
    page = ("module.page_certificate",) if config.frontend.enabled and config.frontend.domain_name else ()
    api = ("module.api_certificate",) if config.websocket.domain_name and not config.websocket.certificate_arn else ()
    return page + api

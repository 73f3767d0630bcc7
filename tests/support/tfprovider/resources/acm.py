"""ACM certificates (requested in moto) and their validation, which waits until ACM has issued the certificate.

moto's ACM issues a certificate once its validation CNAME is in a public Route 53 zone (the test
fixture makes it so, see moto_acm.py), so the validation resource polls ACM as the real one does.
"""

from __future__ import annotations

import re
import time

from tests.support.tfprovider.base import NOT_FOUND, DataSourceType, ProviderError, ResourceType, State, kept_if_found, reported


class Certificate(ResourceType):
    type_name = "aws_acm_certificate"
    force_new = frozenset({"domain_name", "validation_method", "subject_alternative_names"})

    def create(self, planned: State) -> State:
        acm = self.client("acm", planned)
        with reported(f"requesting ACM Certificate ({planned['domain_name']})"):
            arn = acm.request_certificate(DomainName=planned["domain_name"], ValidationMethod=planned.get("validation_method") or "DNS")[
                "CertificateArn"
            ]
            found = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        planned.update(
            id=arn,
            arn=arn,
            status=found["Status"],
            domain_validation_options=[
                {
                    "domain_name": o["DomainName"],
                    "resource_record_name": o.get("ResourceRecord", {}).get("Name"),
                    "resource_record_type": o.get("ResourceRecord", {}).get("Type"),
                    "resource_record_value": o.get("ResourceRecord", {}).get("Value"),
                }
                for o in found.get("DomainValidationOptions", [])
            ],
        )
        return planned

    def read(self, state: State) -> State | None:
        acm = self.client("acm", state)
        return kept_if_found(state, lambda: acm.describe_certificate(CertificateArn=state["id"]), NOT_FOUND)

    def delete(self, state: State) -> None:
        self.client("acm", state).delete_certificate(CertificateArn=state["id"])


def _duration(text: str | None, default: float) -> float:
    """A Go duration as Terraform timeouts write it ("45m", "1h30m", "90s")."""
    if not text:
        return default
    units = {"h": 3600, "m": 60, "s": 1}
    return sum(float(amount) * units[unit] for amount, unit in re.findall(r"([0-9.]+)([hms])", text))


class CertificateValidation(ResourceType):
    type_name = "aws_acm_certificate_validation"
    force_new = frozenset({"certificate_arn", "validation_record_fqdns"})
    DEFAULT_TIMEOUT = 75 * 60  # the provider's default create timeout
    POLL_SECONDS = 1.0

    def create(self, planned: State) -> State:
        arn = planned["certificate_arn"]
        acm = self.ctx.client("acm", arn.split(":")[3])
        action = f"waiting for ACM Certificate ({arn}) to be issued"
        found = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        fqdns = planned.get("validation_record_fqdns")
        if fqdns is not None:
            # The provider checks the given records are the ones ACM asks for before it waits.
            given = {name.rstrip(".").lower() for name in fqdns}
            for option in found.get("DomainValidationOptions", []):
                name = option.get("ResourceRecord", {}).get("Name", "").rstrip(".").lower()
                if name and name not in given:
                    raise ProviderError(f"missing {option['DomainName']} DNS validation record: {name}")
        timeout = _duration(((planned.get("timeouts") or {}).get("create")), self.DEFAULT_TIMEOUT)
        deadline = time.monotonic() + timeout
        while found["Status"] == "PENDING_VALIDATION" and time.monotonic() < deadline:
            time.sleep(self.POLL_SECONDS)
            found = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        if found["Status"] != "ISSUED":
            raise ProviderError(
                f"{action}: timeout while waiting for state to become 'ISSUED' (last state: '{found['Status']}', timeout: {timeout:.0f}s)"
            )
        planned["id"] = str(found.get("IssuedAt") or arn)  # the provider uses the issue time as the id
        return planned

    def delete(self, state: State) -> None:
        """Destroying a validation changes nothing in AWS (as with the real provider)."""


class HostedZone(DataSourceType):
    type_name = "aws_route53_zone"

    def read(self, config: State) -> State:
        name = str(config["name"]).rstrip(".") + "."
        zones = self.ctx.client("route53").list_hosted_zones_by_name(DNSName=name, MaxItems="1").get("HostedZones", [])
        private = bool(config.get("private_zone"))
        match = [z for z in zones if z["Name"] == name and bool(z.get("Config", {}).get("PrivateZone")) == private]
        if not match:
            raise ProviderError("no matching Route 53 Hosted Zone found")
        zone_id = match[0]["Id"].rsplit("/", 1)[-1]
        config.update(id=zone_id, zone_id=zone_id, name=name.rstrip("."), arn=f"arn:{self.ctx.partition}:route53:::hostedzone/{zone_id}")
        return config

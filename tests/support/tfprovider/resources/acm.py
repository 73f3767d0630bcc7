"""ACM certificates (requested in moto) and their validation (not backed yet: moto issues on a timer)."""

from __future__ import annotations

from botocore.exceptions import ClientError

from tests.support.tfprovider.base import NOT_FOUND, DataSourceType, ProviderError, ResourceType, State, api_error, unless_missing


class Certificate(ResourceType):
    type_name = "aws_acm_certificate"
    force_new = frozenset({"domain_name", "validation_method", "subject_alternative_names"})

    def create(self, planned: State) -> State:
        acm = self.client("acm", planned)
        try:
            arn = acm.request_certificate(DomainName=planned["domain_name"], ValidationMethod=planned.get("validation_method") or "DNS")[
                "CertificateArn"
            ]
            found = acm.describe_certificate(CertificateArn=arn)["Certificate"]
        except ClientError as exc:
            raise api_error(f"requesting ACM Certificate ({planned['domain_name']})", exc) from exc
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
        return state if unless_missing(lambda: acm.describe_certificate(CertificateArn=state["id"]), NOT_FOUND) is not None else None

    def delete(self, state: State) -> None:
        self.client("acm", state).delete_certificate(CertificateArn=state["id"])


class CertificateValidation(ResourceType):
    type_name = "aws_acm_certificate_validation"

    def create(self, planned: State) -> State:
        raise ProviderError(
            f"{self.type_name} is not backed by the test provider yet", "plan works; apply needs a class in resources/acm.py"
        )

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

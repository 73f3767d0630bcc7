"""ACM issues a DNS-validated certificate once its validation record is in DNS, as AWS does.

moto issues every requested certificate after a fixed wait (60 s), record or not; a stack whose
validation never happens would then pass. AWS "issues the certificate after it finds the CNAME
record in DNS" (https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html). Here DNS is
moto's Route 53: a certificate turns ISSUED when every validation CNAME is a record, with ACM's
value, in a public hosted zone of the account. The real provider's aws_acm_certificate_validation
then sees it issued, exactly as it polls ACM in AWS.
"""

from __future__ import annotations

from typing import Any

import pytest


def _dns_has(account_id: str, name: str, value: str) -> bool:
    from moto.route53.models import route53_backends

    wanted_name, wanted_value = name.rstrip(".").lower(), value.rstrip(".").lower()
    for zone in route53_backends[account_id]["aws"].zones.values():
        if zone.private_zone:
            continue
        for record in zone.rrsets:
            values = [str(v.get("Value") if isinstance(v, dict) else v).rstrip(".").lower() for v in record.records or []]
            if record.type == "CNAME" and record.name.rstrip(".").lower() == wanted_name and wanted_value in values:
                return True
    return False


def patch_dns_validation(patch: pytest.MonkeyPatch) -> None:
    from moto.acm.models import CertBundle

    original = CertBundle.check

    def check(bundle: Any) -> None:
        if bundle.type != "AMAZON_ISSUED" or bundle.status != "PENDING_VALIDATION":
            original(bundle)
            return
        options = bundle.describe()["Certificate"].get("DomainValidationOptions", [])
        records = [o["ResourceRecord"] for o in options if "ResourceRecord" in o]
        if records and all(_dns_has(bundle.arn.split(":")[4], r["Name"], r["Value"]) for r in records):
            bundle.status = "ISSUED"

    patch.setattr(CertBundle, "check", check)

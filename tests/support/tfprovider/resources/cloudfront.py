"""CloudFront: distributions and origin access controls in moto; response headers policies kept here.

moto 5 has distributions and origin access controls but no response headers policies, so those
live in ``policy_store`` (a JSON file per test, see there) with the rules AWS documents for the
fields the schema has. Where moto accepts what CloudFront refuses (an unknown cache policy,
response headers policy or OAC id, a certificate outside us-east-1 or not covering an alias, an
alias without a certificate, a policy deleted while a distribution uses it), the rule is enforced here with the documentation cited.
"""

from __future__ import annotations

import datetime
import re
import secrets
import string
from typing import Any

from tests.support.tfprovider.base import ProviderError, ResourceType, State, given, kept_if_found, reported
from tests.support.tfprovider.resources.cloudfront_policies import ResponseHeadersPolicy, policy_store

__all__ = ["Distribution", "OriginAccessControl", "ResponseHeadersPolicy"]

# Every CloudFront distribution's Route 53 alias target zone
# (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html: "Specify Z2FDTNDATAQYW2").
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"

# AWS-managed cache policies, the same ids in every account
# (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html).
MANAGED_CACHE_POLICIES = {
    "658327ea-f89d-4fab-a63d-7e88639e58f6": "CachingOptimized",
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": "CachingDisabled",
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": "CachingOptimizedForUncompressedObjects",
}

BEHAVIOR_POLICIES = {
    "cache_policy_id": "CachePolicyId",
    "response_headers_policy_id": "ResponseHeadersPolicyId",
    "origin_request_policy_id": "OriginRequestPolicyId",
}


def _fail(action: str, code: str, message: str) -> ProviderError:
    return ProviderError(f"{action}: operation error CloudFront: https response error StatusCode: 400, api error {code}: {message}")


def _items(values: Any) -> dict[str, Any]:
    values = sorted(values or [])
    return {"Quantity": len(values), "Items": values} if values else {"Quantity": 0}


def _opaque_id() -> str:
    return "E" + "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(13))


class OriginAccessControl(ResourceType):
    type_name = "aws_cloudfront_origin_access_control"

    def _config(self, state: State) -> dict[str, Any]:
        return {
            "Name": state["name"],
            "Description": state.get("description") or "",
            "SigningProtocol": state["signing_protocol"],
            "SigningBehavior": state["signing_behavior"],
            "OriginAccessControlOriginType": state["origin_access_control_origin_type"],
        }

    def validate(self, config: State) -> None:
        # https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_OriginAccessControlConfig.html
        name = config.get("name")
        if isinstance(name, str) and not 1 <= len(name) <= 64:
            raise ProviderError(f"expected length of name to be in the range (1 - 64), got {name}")

    def create(self, planned: State) -> State:
        cloudfront = self.ctx.client("cloudfront")
        action = f"creating CloudFront Origin Access Control ({planned['name']})"
        # Names are unique per account (OriginAccessControlAlreadyExists); moto does not check.
        taken = cloudfront.list_origin_access_controls()["OriginAccessControlList"].get("Items", [])
        if any(item["Name"] == planned["name"] for item in taken):
            raise _fail(action, "OriginAccessControlAlreadyExists", f"An origin access control with name {planned['name']} already exists.")
        with reported(action):
            made = cloudfront.create_origin_access_control(OriginAccessControlConfig=self._config(planned))
        oac_id = made["OriginAccessControl"]["Id"]
        planned.update(
            id=oac_id, etag=made["ETag"], arn=f"arn:{self.ctx.partition}:cloudfront::{self.ctx.account_id}:origin-access-control/{oac_id}"
        )
        return planned

    def read(self, state: State) -> State | None:
        cloudfront = self.ctx.client("cloudfront")
        return kept_if_found(state, lambda: cloudfront.get_origin_access_control(Id=state["id"]), "NoSuchOriginAccessControl")

    def update(self, prior: State, planned: State) -> State:
        made = self.ctx.client("cloudfront").update_origin_access_control(
            Id=prior["id"], IfMatch=prior["etag"], OriginAccessControlConfig=self._config(planned)
        )
        planned["etag"] = made["ETag"]
        return planned

    def delete(self, state: State) -> None:
        # AWS refuses to delete an OAC a distribution still uses (OriginAccessControlInUse); moto keeps
        # no link from a distribution's origin to its OAC, so that rule is not checked here.
        self.ctx.client("cloudfront").delete_origin_access_control(Id=state["id"], IfMatch=state.get("etag") or "*")


class Distribution(ResourceType):
    type_name = "aws_cloudfront_distribution"

    def plan(self, prior: State | None, planned: State) -> None:
        # The provider's defaults for what the configuration leaves out (resource_distribution.go).
        for name, default in (
            ("http_version", "http2"),
            ("price_class", "PriceClass_All"),
            ("retain_on_delete", False),
            ("wait_for_deployment", True),
            ("staging", False),
        ):
            if planned.get(name) is None:
                planned[name] = default

    def _check(self, action: str, planned: State) -> None:
        cloudfront = self.ctx.client("cloudfront")
        behaviors = [*(planned.get("default_cache_behavior") or []), *(planned.get("ordered_cache_behavior") or [])]
        for behavior in behaviors:
            cache_policy = behavior.get("cache_policy_id")
            # A custom policy would be aws_cloudfront_cache_policy, which this stack does not use.
            if cache_policy and cache_policy not in MANAGED_CACHE_POLICIES:
                raise _fail(action, "NoSuchCachePolicy", f"The cache policy {cache_policy} does not exist.")
            headers = behavior.get("response_headers_policy_id")
            if headers and policy_store().get(headers) is None:
                raise _fail(action, "NoSuchResponseHeadersPolicy", f"The response headers policy {headers} does not exist.")
        for origin in planned.get("origin") or []:
            oac = origin.get("origin_access_control_id")
            if oac:
                with reported(action):
                    cloudfront.get_origin_access_control(Id=oac)
        certificate = (planned.get("viewer_certificate") or [{}])[0]
        aliases = sorted(planned.get("aliases") or [])
        arn = certificate.get("acm_certificate_arn")
        if aliases and not arn and not certificate.get("iam_certificate_id"):
            # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html#alternate-domain-names-requirements
            raise _fail(
                action,
                "InvalidViewerCertificate",
                "To add an alternate domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates your authorization to use the domain name.",
            )
        if arn:
            # "the certificate must be requested or imported in US East (N. Virginia)" and cover every alias
            # (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html).
            if ":acm:us-east-1:" not in arn:
                raise _fail(
                    action,
                    "InvalidViewerCertificate",
                    f"The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain: {arn}",
                )
            with reported(action):
                found = self.ctx.client("acm", "us-east-1").describe_certificate(CertificateArn=arn)["Certificate"]
            names = {found["DomainName"], *found.get("SubjectAlternativeNames", [])}
            uncovered = [a for a in aliases if not any(_covers(n, a) for n in names)]
            if found["Status"] != "ISSUED" or uncovered:
                raise _fail(
                    action,
                    "InvalidViewerCertificate",
                    f"The certificate {arn} is {found['Status']} and does not cover {uncovered or aliases}.",
                )

    def _config(self, planned: State, caller_reference: str) -> dict[str, Any]:
        def behavior(b: State) -> dict[str, Any]:
            return {
                "TargetOriginId": b["target_origin_id"],
                "ViewerProtocolPolicy": b["viewer_protocol_policy"],
                "AllowedMethods": {**_items(b["allowed_methods"]), "CachedMethods": _items(b["cached_methods"])},
                "Compress": bool(b.get("compress")),
                **given(b, BEHAVIOR_POLICIES),
            }

        origins = []
        for o in planned.get("origin") or []:
            origin: dict[str, Any] = {"Id": o["origin_id"], "DomainName": o["domain_name"], "OriginPath": o.get("origin_path") or ""}
            if o.get("origin_access_control_id"):
                origin["OriginAccessControlId"] = o["origin_access_control_id"]
            s3 = (o.get("s3_origin_config") or [None])[0]
            # With OAC and no s3_origin_config the provider sends an empty origin access identity, as the API needs.
            origin["S3OriginConfig"] = {"OriginAccessIdentity": (s3 or {}).get("origin_access_identity") or ""}
            origins.append(origin)
        certificate = (planned.get("viewer_certificate") or [{}])[0]
        viewer: dict[str, Any] = {"MinimumProtocolVersion": certificate.get("minimum_protocol_version") or "TLSv1"}
        if certificate.get("acm_certificate_arn"):
            viewer.update(
                ACMCertificateArn=certificate["acm_certificate_arn"], SSLSupportMethod=certificate.get("ssl_support_method") or "sni-only"
            )
        else:
            viewer["CloudFrontDefaultCertificate"] = True
        geo = ((planned.get("restrictions") or [{}])[0].get("geo_restriction") or [{}])[0]
        return {
            "CallerReference": caller_reference,
            "Aliases": _items(planned.get("aliases")),
            "DefaultRootObject": planned.get("default_root_object") or "",
            "Origins": {"Quantity": len(origins), "Items": origins},
            "DefaultCacheBehavior": behavior(planned["default_cache_behavior"][0]),
            "Comment": planned.get("comment") or "",
            "PriceClass": planned.get("price_class") or "PriceClass_All",
            "Enabled": bool(planned["enabled"]),
            "ViewerCertificate": viewer,
            "Restrictions": {"GeoRestriction": {"RestrictionType": geo.get("restriction_type") or "none", **_items(geo.get("locations"))}},
            "HttpVersion": planned.get("http_version") or "http2",
            "IsIPV6Enabled": bool(planned.get("is_ipv6_enabled")),
        }

    def _computed(self, planned: State, made: dict[str, Any], etag: str) -> State:
        planned.update(
            id=made["Id"],
            arn=made["ARN"],
            domain_name=made["DomainName"],
            hosted_zone_id=CLOUDFRONT_ZONE_ID,
            etag=etag,
            status="Deployed",  # the provider waits for it (wait_for_deployment); moto deploys at once
            last_modified_time=datetime.datetime.now(datetime.UTC).isoformat(),
            in_progress_validation_batches=0,
            logging_v1_enabled=False,
            trusted_key_groups=[{"enabled": False, "items": []}],
            trusted_signers=[{"enabled": False, "items": []}],
        )
        return planned

    def create(self, planned: State) -> State:
        action = "creating CloudFront Distribution"
        self._check(action, planned)
        reference = f"terraform-{secrets.token_hex(12)}"
        with reported(action):
            made = self.ctx.client("cloudfront").create_distribution(DistributionConfig=self._config(planned, reference))
        planned["caller_reference"] = reference
        return self._computed(planned, made["Distribution"], made["ETag"])

    def read(self, state: State) -> State | None:
        return kept_if_found(state, lambda: self.ctx.client("cloudfront").get_distribution(Id=state["id"]), "NoSuchDistribution")

    def update(self, prior: State, planned: State) -> State:
        action = f"updating CloudFront Distribution ({prior['id']})"
        self._check(action, planned)
        with reported(action):
            made = self.ctx.client("cloudfront").update_distribution(
                Id=prior["id"], IfMatch=prior["etag"], DistributionConfig=self._config(planned, prior["caller_reference"])
            )
        planned["caller_reference"] = prior["caller_reference"]
        return self._computed(planned, made["Distribution"], made["ETag"])

    def delete(self, state: State) -> None:
        # CloudFront deletes only a disabled distribution (DistributionNotDisabled,
        # https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DeleteDistribution.html);
        # the provider disables it, waits for the deployment, then deletes. moto does not insist, we do it anyway.
        cloudfront = self.ctx.client("cloudfront")
        current = cloudfront.get_distribution_config(Id=state["id"])
        config = current["DistributionConfig"]
        etag = current["ETag"]
        if config.get("Enabled"):
            config["Enabled"] = False
            etag = cloudfront.update_distribution(Id=state["id"], IfMatch=etag, DistributionConfig=config)["ETag"]
        cloudfront.delete_distribution(Id=state["id"], IfMatch=etag)


def _covers(name: str, alias: str) -> bool:
    """A certificate name covers an alias exactly or by one wildcard label (*.example.com)."""
    if name.startswith("*."):
        return re.fullmatch(r"[^.]+\." + re.escape(name[2:]), alias) is not None
    return name == alias

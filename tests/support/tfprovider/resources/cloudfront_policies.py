"""CloudFront response headers policies, which moto 5 does not have: kept by the test provider itself.

They live in a JSON file (``policy_store``) because every Terraform command starts a new provider
process (two with the page's us-east-1 alias), and a policy must outlive each of them. The file is
``$TFPROVIDER_STATE_DIR/cloudfront-response-headers-policies.json``; the ``aws_endpoint`` fixture gives
each test a fresh folder, as it gives it a fresh moto. Without the variable the file sits in the
temporary folder, one per moto endpoint.

AWS's rules for the fields the schema has, from the API reference
(https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ResponseHeadersPolicyConfig.html and
its ResponseHeadersPolicySecurityHeadersConfig children) and CloudFront's quotas
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-response-headers-policies):
names unique in the account (ResponseHeadersPolicyAlreadyExists), the frame and referrer options
from their enumerations, a Content-Security-Policy of at most 1783 characters, and no deleting a
policy a distribution still uses (ResponseHeadersPolicyInUse).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support.tfprovider.base import ProviderError, ResourceType, State

FRAME_OPTIONS = {"DENY", "SAMEORIGIN"}
REFERRER_POLICIES = {
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
}
CSP_MAX_CHARACTERS = 1783


class PolicyStore:
    """id -> the policy's Terraform state, in one JSON file, changed under an exclusive lock."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            policies: dict[str, Any] = json.loads(self.path.read_text()) if self.path.is_file() else {}
            yield policies
            self.path.write_text(json.dumps(policies))

    def get(self, policy_id: str) -> State | None:
        with self._locked() as policies:
            found: State | None = policies.get(policy_id)
            return found

    def add(self, policy: State) -> None:
        with self._locked() as policies:
            if any(p["name"] == policy["name"] for p in policies.values()):
                raise _fail(
                    "creating",
                    policy["name"],
                    "ResponseHeadersPolicyAlreadyExists",
                    "A response headers policy with this name already exists.",
                )
            policies[policy["id"]] = policy

    def put(self, policy: State) -> None:
        with self._locked() as policies:
            policies[policy["id"]] = policy

    def remove(self, policy_id: str) -> None:
        with self._locked() as policies:
            policies.pop(policy_id, None)


def policy_store() -> PolicyStore:
    folder = os.environ.get("TFPROVIDER_STATE_DIR")
    if folder is None:
        endpoint = hashlib.sha256(os.environ.get("AWS_ENDPOINT_URL", "").encode()).hexdigest()[:12]
        folder = os.path.join(tempfile.gettempdir(), f"tfprovider-{endpoint}")
    return PolicyStore(Path(folder) / "cloudfront-response-headers-policies.json")


def _fail(verb: str, name: str, code: str, message: str) -> ProviderError:
    return ProviderError(
        f"{verb} CloudFront Response Headers Policy ({name}): operation error CloudFront: "
        f"https response error StatusCode: 400, api error {code}: {message}"
    )


def _one(block: Any) -> State:
    return (block or [{}])[0] or {}


class ResponseHeadersPolicy(ResourceType):
    type_name = "aws_cloudfront_response_headers_policy"

    def _check(self, verb: str, planned: State) -> None:
        name = planned["name"]
        security = _one(planned.get("security_headers_config"))
        frame = _one(security.get("frame_options")).get("frame_option")
        if frame is not None and frame not in FRAME_OPTIONS:
            raise _fail(verb, name, "InvalidArgument", f"FrameOption must be one of {sorted(FRAME_OPTIONS)}, not {frame}")
        referrer = _one(security.get("referrer_policy")).get("referrer_policy")
        if referrer is not None and referrer not in REFERRER_POLICIES:
            raise _fail(verb, name, "InvalidArgument", f"ReferrerPolicy must be one of {sorted(REFERRER_POLICIES)}, not {referrer}")
        csp = _one(security.get("content_security_policy")).get("content_security_policy")
        if csp is not None and len(csp) > CSP_MAX_CHARACTERS:
            raise _fail(
                verb, name, "InvalidArgument", f"The Content-Security-Policy is {len(csp)} characters; the limit is {CSP_MAX_CHARACTERS}."
            )

    def create(self, planned: State) -> State:
        self._check("creating", planned)
        policy_id = str(uuid.uuid4())
        planned.update(
            id=policy_id,
            arn=f"arn:{self.ctx.partition}:cloudfront::{self.ctx.account_id}:response-headers-policy/{policy_id}",
            etag=secrets.token_hex(7).upper(),
        )
        policy_store().add(planned)
        return planned

    def read(self, state: State) -> State | None:
        return state if policy_store().get(state["id"]) is not None else None

    def update(self, prior: State, planned: State) -> State:
        self._check("updating", planned)
        planned["etag"] = secrets.token_hex(7).upper()
        policy_store().put(planned)
        return planned

    def delete(self, state: State) -> None:
        cloudfront = self.ctx.client("cloudfront")
        for summary in cloudfront.list_distributions()["DistributionList"].get("Items", []):
            config = cloudfront.get_distribution_config(Id=summary["Id"])["DistributionConfig"]
            behaviors = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", {}).get("Items", [])]
            if any(b.get("ResponseHeadersPolicyId") == state["id"] for b in behaviors):
                raise _fail(
                    "deleting", state["name"], "ResponseHeadersPolicyInUse", f"The policy is attached to distribution {summary['Id']}."
                )
        policy_store().remove(state["id"])

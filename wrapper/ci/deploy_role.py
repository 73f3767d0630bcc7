"""The IAM side of `wrapper bootstrap`: the OIDC identity provider and the deploy role.

Each step says whether it created something, so the caller can undo this run's
creations if a later step fails. A role of the same name that wrapper did not
make is never adopted or changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wrapper.aws import error_code
from wrapper.ci.trust import AUDIENCE, Issuer
from wrapper.errors import WrapperError

POLICY_NAME = "wrapper-deploy"
OWNER_TAG = "managed-by"


@dataclass(frozen=True)
class Made:
    arn: str
    created: bool


def check_role_is_ours(iam: Any, role_name: str, service: str) -> None:
    """Before anything is created: a same-named role must be one this command made for this service."""
    try:
        tags = iam.list_role_tags(RoleName=role_name)["Tags"]
    except Exception as exc:
        if error_code(exc) == "NoSuchEntity":
            return
        raise
    found = {t["Key"]: t["Value"] for t in tags}
    if found.get(OWNER_TAG) != "wrapper" or found.get("service") != service:
        raise WrapperError(
            f"an IAM role named {role_name!r} already exists and was not made by `wrapper bootstrap` for service {service!r}",
            "nothing was changed; delete or rename that role, or pass --role-name to use another name",
        )


def ensure_oidc_provider(iam: Any, issuer: Issuer, account: str) -> Made:
    """One identity provider per issuer and account, shared by every service's role."""
    arn = issuer.provider_arn(account)
    listed = {p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]}
    if arn in listed:
        audiences = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn).get("ClientIDList", [])
        if AUDIENCE not in audiences:
            iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID=AUDIENCE)
        return Made(arn, created=False)
    created = iam.create_open_id_connect_provider(
        Url=f"https://{issuer.host}",
        ClientIDList=[AUDIENCE],
        ThumbprintList=list(issuer.thumbprints),
        Tags=[{"Key": OWNER_TAG, "Value": "wrapper"}],
    )
    return Made(created["OpenIDConnectProviderArn"], created=True)


def ensure_role(iam: Any, *, role_name: str, service: str, trust: dict[str, Any], permissions: dict[str, Any]) -> Made:
    """Create the role, or bring an existing wrapper-made one to exactly these two policies."""
    try:
        arn = iam.get_role(RoleName=role_name)["Role"]["Arn"]
        created = False
        iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=json.dumps(trust))
    except Exception as exc:
        if error_code(exc) != "NoSuchEntity":
            raise
        arn = iam.create_role(
            RoleName=role_name,
            AssumeRolePolicyDocument=json.dumps(trust),
            Description=f"Deploys {service} from CI (made by wrapper bootstrap)",
            MaxSessionDuration=3600,
            Tags=[{"Key": OWNER_TAG, "Value": "wrapper"}, {"Key": "service", "Value": service}],
        )["Role"]["Arn"]
        created = True
    try:
        iam.put_role_policy(RoleName=role_name, PolicyName=POLICY_NAME, PolicyDocument=json.dumps(permissions))
    except Exception:
        if created:
            delete_role(iam, role_name)
        raise
    return Made(arn, created)


def delete_role(iam: Any, role_name: str) -> None:
    for name in iam.list_role_policies(RoleName=role_name)["PolicyNames"]:
        iam.delete_role_policy(RoleName=role_name, PolicyName=name)
    iam.delete_role(RoleName=role_name)


def delete_oidc_provider(iam: Any, arn: str) -> None:
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)

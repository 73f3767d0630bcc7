"""Cognito user pools: the pool, its app client, hosted UI domain and groups (moto's cognito-idp).

moto stores what it is given; the rules below are AWS's and are enforced here where moto does not
(Cognito developer guide and API reference, cited per rule).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from tests.support.tfprovider.base import ProviderError, ResourceType, State, kept_if_found, reported

GONE = ("ResourceNotFoundException", "ResourceNotFound")


def _block(state: State, name: str) -> dict[str, Any] | None:
    value = state.get(name)
    return value[0] if isinstance(value, list) and value else None


class UserPool(ResourceType):
    type_name = "aws_cognito_user_pool"
    # AWS cannot change these after creation (UpdateUserPool has no such parameters).
    force_new = frozenset({"name", "alias_attributes", "username_attributes", "schema", "username_configuration"})

    def _settings(self, planned: State) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "DeletionProtection": planned.get("deletion_protection") or "INACTIVE",
            "MfaConfiguration": planned.get("mfa_configuration") or "OFF",
            "AutoVerifiedAttributes": sorted(planned.get("auto_verified_attributes") or []),
        }
        policy = _block(planned, "password_policy")
        if policy:
            settings["Policies"] = {
                "PasswordPolicy": {
                    "MinimumLength": policy.get("minimum_length") or 8,
                    "RequireLowercase": bool(policy.get("require_lowercase")),
                    "RequireUppercase": bool(policy.get("require_uppercase")),
                    "RequireNumbers": bool(policy.get("require_numbers")),
                    "RequireSymbols": bool(policy.get("require_symbols")),
                    "TemporaryPasswordValidityDays": policy.get("temporary_password_validity_days") or 7,
                }
            }
        recovery = _block(planned, "account_recovery_setting")
        if recovery:
            mechanisms = [{"Name": m["name"], "Priority": m["priority"]} for m in recovery.get("recovery_mechanism") or []]
            settings["AccountRecoverySetting"] = {"RecoveryMechanisms": mechanisms}
        return settings

    def validate(self, config: State) -> None:
        # "You can choose either username_attributes or alias_attributes, not both" (CreateUserPool).
        if config.get("alias_attributes") and config.get("username_attributes"):
            raise ProviderError('"alias_attributes": conflicts with username_attributes')
        policy = _block(config, "password_policy")
        length = policy.get("minimum_length") if policy else None
        if isinstance(length, int | float) and not 6 <= length <= 99:
            raise ProviderError("expected password_policy.0.minimum_length to be in the range (6 - 99)")

    def create(self, planned: State) -> State:
        idp = self.client("cognito-idp", planned)
        extra: dict[str, Any] = {}
        if planned.get("alias_attributes"):
            extra["AliasAttributes"] = sorted(planned["alias_attributes"])
        if planned.get("username_attributes"):
            extra["UsernameAttributes"] = sorted(planned["username_attributes"])
        usernames = _block(planned, "username_configuration")
        if usernames:
            extra["UsernameConfiguration"] = {"CaseSensitive": bool(usernames.get("case_sensitive"))}
        schema = [
            {
                "Name": s["name"],
                "AttributeDataType": s["attribute_data_type"],
                "Required": bool(s.get("required")),
                "Mutable": s.get("mutable") is not False,
                **(
                    {"StringAttributeConstraints": {"MinLength": str(c["min_length"]), "MaxLength": str(c["max_length"])}}
                    if (c := _block(s, "string_attribute_constraints"))
                    else {}
                ),
            }
            for s in planned.get("schema") or []
        ]
        if schema:
            extra["Schema"] = schema
        with reported(f"creating Cognito User Pool ({planned['name']})"):
            pool = idp.create_user_pool(
                PoolName=planned["name"], UserPoolTags=dict(planned.get("tags_all") or {}), **self._settings(planned), **extra
            )["UserPool"]
            self._mfa(idp, pool["Id"], planned)
        region = self.region(planned)
        planned.update(
            id=pool["Id"],
            arn=pool["Arn"],
            endpoint=f"cognito-idp.{region}.{self.ctx.dns_suffix}/{pool['Id']}",
            creation_date=str(pool.get("CreationDate", "")),
            last_modified_date=str(pool.get("LastModifiedDate", "")),
            domain=None,
            custom_domain=None,
            estimated_number_of_users=0,
            deletion_protection=planned.get("deletion_protection") or "INACTIVE",
            mfa_configuration=planned.get("mfa_configuration") or "OFF",
        )
        return planned

    def _mfa(self, idp: Any, pool_id: str, planned: State) -> None:
        token = _block(planned, "software_token_mfa_configuration")
        mode = planned.get("mfa_configuration") or "OFF"
        # "ON" or "OPTIONAL" needs a second factor configured (SetUserPoolMfaConfig).
        if mode != "OFF" and not (token and token.get("enabled")) and not _block(planned, "sms_configuration"):
            raise ProviderError(
                f"setting Cognito User Pool ({pool_id}) MFA configuration: mfa_configuration {mode} needs a software token or SMS factor"
            )
        idp.set_user_pool_mfa_config(
            UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": bool(token and token.get("enabled"))}, MfaConfiguration=mode
        )

    def read(self, state: State) -> State | None:
        return kept_if_found(state, lambda: self.client("cognito-idp", state).describe_user_pool(UserPoolId=state["id"]), *GONE)

    def update(self, prior: State, planned: State) -> State:
        idp = self.client("cognito-idp", planned)
        with reported(f"updating Cognito User Pool ({prior['id']})"):
            idp.update_user_pool(UserPoolId=prior["id"], **self._settings(planned))
            self._mfa(idp, prior["id"], planned)
        return planned

    def delete(self, state: State) -> None:
        idp = self.client("cognito-idp", state)
        pool = idp.describe_user_pool(UserPoolId=state["id"])["UserPool"]
        # "The user pool cannot be deleted because deletion protection is activated" (DeleteUserPool):
        # moto deletes anyway, AWS refuses.
        if pool.get("DeletionProtection") == "ACTIVE":
            raise ProviderError(
                f"deleting Cognito User Pool ({state['id']}): operation error Cognito Identity Provider: DeleteUserPool, "
                "api error InvalidParameterException: The user pool cannot be deleted because deletion protection is activated."
            )
        idp.delete_user_pool(UserPoolId=state["id"])


def _redirect_ok(url: str) -> bool:
    # "Callback URLs must use HTTPS, except http://localhost for testing; no fragment" (app client settings).
    parts = urlsplit(url)
    return (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname == "localhost")) and not parts.fragment


class UserPoolClient(ResourceType):
    type_name = "aws_cognito_user_pool_client"
    force_new = frozenset({"user_pool_id", "generate_secret"})

    def validate(self, config: State) -> None:
        for kind in ("callback_urls", "logout_urls"):
            urls = config.get(kind)
            for url in urls if isinstance(urls, list) else []:  # unknown until the page exists
                if isinstance(url, str) and not _redirect_ok(url):
                    raise ProviderError(f"invalid {kind} entry {url!r}: must be https (http only for localhost), without a fragment")
        flows = config.get("allowed_oauth_flows") or []
        if flows and config.get("allowed_oauth_flows_user_pool_client") is False:
            raise ProviderError("allowed_oauth_flows needs allowed_oauth_flows_user_pool_client = true")

    def _settings(self, planned: State) -> dict[str, Any]:
        units = _block(planned, "token_validity_units") or {}
        settings: dict[str, Any] = {
            "ClientName": planned["name"],
            "AllowedOAuthFlows": list(planned.get("allowed_oauth_flows") or []),
            "AllowedOAuthScopes": list(planned.get("allowed_oauth_scopes") or []),
            "AllowedOAuthFlowsUserPoolClient": bool(planned.get("allowed_oauth_flows_user_pool_client")),
            "CallbackURLs": list(planned.get("callback_urls") or []),
            "LogoutURLs": list(planned.get("logout_urls") or []),
            "SupportedIdentityProviders": list(planned.get("supported_identity_providers") or []),
            "ExplicitAuthFlows": list(planned.get("explicit_auth_flows") or []),
            "PreventUserExistenceErrors": planned.get("prevent_user_existence_errors") or "LEGACY",
            "EnableTokenRevocation": planned.get("enable_token_revocation") is not False,
            "ReadAttributes": list(planned.get("read_attributes") or []),
            "WriteAttributes": list(planned.get("write_attributes") or []),
        }
        for key, attr in (
            ("AccessTokenValidity", "access_token"),
            ("IdTokenValidity", "id_token"),
            ("RefreshTokenValidity", "refresh_token"),
        ):
            if planned.get(f"{attr}_validity") is not None:
                settings[key] = int(planned[f"{attr}_validity"])
        if units:
            settings["TokenValidityUnits"] = {
                "AccessToken": units.get("access_token") or "hours",
                "IdToken": units.get("id_token") or "hours",
                "RefreshToken": units.get("refresh_token") or "days",
            }
        # A public client of the code flow must have somewhere to return to (CreateUserPoolClient).
        if "code" in settings["AllowedOAuthFlows"] and not settings["CallbackURLs"]:
            raise ProviderError(f"creating Cognito User Pool Client ({planned['name']}): the code flow needs at least one callback URL")
        return settings

    def create(self, planned: State) -> State:
        idp = self.client("cognito-idp", planned)
        with reported(f"creating Cognito User Pool Client ({planned['name']})"):
            client = idp.create_user_pool_client(
                UserPoolId=planned["user_pool_id"], GenerateSecret=bool(planned.get("generate_secret")), **self._settings(planned)
            )["UserPoolClient"]
        planned.update(id=client["ClientId"], client_secret=client.get("ClientSecret") or "")
        return planned

    def read(self, state: State) -> State | None:
        idp = self.client("cognito-idp", state)
        return kept_if_found(state, lambda: idp.describe_user_pool_client(UserPoolId=state["user_pool_id"], ClientId=state["id"]), *GONE)

    def update(self, prior: State, planned: State) -> State:
        self.client("cognito-idp", planned).update_user_pool_client(
            UserPoolId=prior["user_pool_id"], ClientId=prior["id"], **self._settings(planned)
        )
        return planned

    def delete(self, state: State) -> None:
        self.client("cognito-idp", state).delete_user_pool_client(UserPoolId=state["user_pool_id"], ClientId=state["id"])


# "Domain prefixes may contain only lowercase letters, numbers and hyphens, and cannot contain
# the reserved words aws, amazon or cognito" (Cognito developer guide, prefix domains).
_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class UserPoolDomain(ResourceType):
    type_name = "aws_cognito_user_pool_domain"
    force_new = frozenset({"domain", "user_pool_id", "certificate_arn"})

    def validate(self, config: State) -> None:
        domain = config.get("domain")
        prefix = isinstance(domain, str) and config.get("certificate_arn") is None
        if prefix and (not _PREFIX.match(domain) or any(word in domain for word in ("aws", "amazon", "cognito"))):
            raise ProviderError(f"invalid domain prefix {domain!r}: lowercase letters, digits and hyphens, without aws, amazon or cognito")

    def create(self, planned: State) -> State:
        idp = self.client("cognito-idp", planned)
        domain = planned["domain"]
        taken = idp.describe_user_pool_domain(Domain=domain).get("DomainDescription") or {}
        # A prefix is global to the region: "Domain already associated with another user pool."
        if taken.get("UserPoolId"):
            raise ProviderError(
                f"creating Cognito User Pool Domain ({domain}): operation error Cognito Identity Provider: CreateUserPoolDomain, "
                "api error InvalidParameterException: Domain already associated with another user pool."
            )
        with reported(f"creating Cognito User Pool Domain ({domain})"):
            idp.create_user_pool_domain(Domain=domain, UserPoolId=planned["user_pool_id"])
        region = self.region(planned)
        planned.update(
            id=domain,
            aws_account_id=self.ctx.account_id,
            cloudfront_distribution=f"{domain}.auth.{region}.amazoncognito.com",
            cloudfront_distribution_arn=f"{domain}.auth.{region}.amazoncognito.com",
            cloudfront_distribution_zone_id="Z2FDTNDATAQYW2",
            s3_bucket="",
            version="1",
            managed_login_version=planned.get("managed_login_version") or 1,
        )
        return planned

    def read(self, state: State) -> State | None:
        found = self.client("cognito-idp", state).describe_user_pool_domain(Domain=state["domain"]).get("DomainDescription") or {}
        return state if found.get("UserPoolId") else None

    def delete(self, state: State) -> None:
        self.client("cognito-idp", state).delete_user_pool_domain(Domain=state["domain"], UserPoolId=state["user_pool_id"])


def _group_settings(planned: State) -> dict[str, Any]:
    pairs = (("Description", "description"), ("RoleArn", "role_arn"), ("Precedence", "precedence"))
    return {key: planned[attr] for key, attr in pairs if planned.get(attr) is not None}


class UserGroup(ResourceType):
    type_name = "aws_cognito_user_group"
    force_new = frozenset({"name", "user_pool_id"})

    def create(self, planned: State) -> State:
        idp = self.client("cognito-idp", planned)
        extra = _group_settings(planned)
        with reported(f"creating Cognito User Group ({planned['name']})"):
            idp.create_group(UserPoolId=planned["user_pool_id"], GroupName=planned["name"], **extra)
        planned["id"] = f"{planned['user_pool_id']}/{planned['name']}"
        return planned

    def read(self, state: State) -> State | None:
        idp = self.client("cognito-idp", state)
        return kept_if_found(state, lambda: idp.get_group(UserPoolId=state["user_pool_id"], GroupName=state["name"]), *GONE)

    def update(self, prior: State, planned: State) -> State:
        extra = _group_settings(planned)
        self.client("cognito-idp", planned).update_group(UserPoolId=prior["user_pool_id"], GroupName=prior["name"], **extra)
        return planned

    def delete(self, state: State) -> None:
        self.client("cognito-idp", state).delete_group(UserPoolId=state["user_pool_id"], GroupName=state["name"])

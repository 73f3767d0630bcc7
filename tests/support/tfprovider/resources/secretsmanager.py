"""Secrets Manager: the stage secret and its first version."""

from __future__ import annotations

from botocore.exceptions import ClientError

from tests.support.tfprovider.base import (
    NOT_FOUND,
    ProviderError,
    ResourceType,
    State,
    given,
    kept_if_found,
    reported,
    tags_given,
    unless_missing,
)

KMS_KEY = {"kms_key_id": "KmsKeyId"}


class Secret(ResourceType):
    type_name = "aws_secretsmanager_secret"
    force_new = frozenset({"name", "name_prefix"})

    def validate(self, config: State) -> None:
        window = config.get("recovery_window_in_days")
        if isinstance(window, int | float) and window != 0 and not 7 <= window <= 30:
            raise ProviderError("invalid value for recovery_window_in_days (must be 0 or between 7 and 30)")

    def create(self, planned: State) -> State:
        sm = self.client("secretsmanager", planned)
        name = planned["name"]
        try:
            deleted = sm.describe_secret(SecretId=name).get("DeletedDate")
        except ClientError:
            deleted = None
        if deleted is not None:
            # Secrets Manager keeps a deleted secret's name for its recovery window: "You can't create
            # this secret because a secret with this name is already scheduled for deletion."
            # https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-restore-secret.html
            # (moto answers "already exists"; the provider reports AWS's own words.)
            raise ProviderError(
                f"creating Secrets Manager Secret ({name}): operation error Secrets Manager: CreateSecret, "
                "https response error StatusCode: 400, api error InvalidRequestException: You can't create this secret "
                "because a secret with this name is already scheduled for deletion."
            )
        kwargs = {"Name": name, "Description": planned.get("description") or "", **given(planned, KMS_KEY), **tags_given(planned)}
        with reported(f"creating Secrets Manager Secret ({name})"):
            arn = sm.create_secret(**kwargs)["ARN"]
        planned.update(id=arn, arn=arn, policy=planned.get("policy") or "", name_prefix=None)
        if planned.get("recovery_window_in_days") is None:
            planned["recovery_window_in_days"] = 30
        return planned

    def read(self, state: State) -> State | None:
        described = unless_missing(lambda: self.client("secretsmanager", state).describe_secret(SecretId=state["arn"]), NOT_FOUND)
        return None if described is None or described.get("DeletedDate") else state

    def update(self, prior: State, planned: State) -> State:
        sm = self.client("secretsmanager", planned)
        if planned.get("description") != prior.get("description") or planned.get("kms_key_id") != prior.get("kms_key_id"):
            sm.update_secret(SecretId=prior["arn"], Description=planned.get("description") or "", **given(planned, KMS_KEY))
        return planned

    def delete(self, state: State) -> None:
        sm = self.client("secretsmanager", state)
        window = state.get("recovery_window_in_days")
        window = 30 if window is None else int(window)
        if window == 0:
            sm.delete_secret(SecretId=state["arn"], ForceDeleteWithoutRecovery=True)
        else:
            sm.delete_secret(SecretId=state["arn"], RecoveryWindowInDays=window)


class SecretVersion(ResourceType):
    type_name = "aws_secretsmanager_secret_version"
    force_new = frozenset({"secret_id", "secret_string", "secret_binary", "secret_string_wo_version"})

    def create(self, planned: State) -> State:
        sm = self.client("secretsmanager", planned)
        kwargs = {"SecretId": planned["secret_id"]}
        if planned.get("secret_string") is not None:
            kwargs["SecretString"] = planned["secret_string"]
        with reported("putting Secrets Manager Secret value"):
            put = sm.put_secret_value(**kwargs)
        planned.update(
            id=f"{put['ARN']}|{put['VersionId']}", arn=put["ARN"], version_id=put["VersionId"], version_stages=planned.get("version_stages") or ["AWSCURRENT"]
        )
        return planned

    def read(self, state: State) -> State | None:
        sm = self.client("secretsmanager", state)
        return kept_if_found(state, lambda: sm.describe_secret(SecretId=state["arn"]), NOT_FOUND, "InvalidRequestException")

    def delete(self, state: State) -> None:
        """Like the provider: a version cannot be deleted, only unlabelled; the secret's deletion removes it."""

"""IAM: roles, inline policies, managed policy attachments."""

from __future__ import annotations

from botocore.exceptions import ClientError

from tests.support.tfprovider.base import ResourceType, State, api_error, unless_missing

NO_SUCH_ENTITY = "NoSuchEntity"


def _missing(exc: ClientError) -> bool:
    return bool(exc.response["Error"]["Code"] == NO_SUCH_ENTITY)


class Role(ResourceType):
    type_name = "aws_iam_role"
    force_new = frozenset({"name", "name_prefix", "path"})

    def create(self, planned: State) -> State:
        iam = self.ctx.client("iam")
        name = planned.get("name") or f"terraform-{planned.get('name_prefix') or ''}"
        kwargs = {
            "RoleName": name,
            "AssumeRolePolicyDocument": planned["assume_role_policy"],
            "Path": planned.get("path") or "/",
            "MaxSessionDuration": int(planned.get("max_session_duration") or 3600),
        }
        if planned.get("description"):
            kwargs["Description"] = planned["description"]
        if planned.get("tags_all"):
            kwargs["Tags"] = [{"Key": k, "Value": v} for k, v in planned["tags_all"].items()]
        try:
            role = iam.create_role(**kwargs)["Role"]
        except ClientError as exc:
            raise api_error(f"creating IAM Role ({name})", exc) from exc
        planned.update(
            id=name,
            name=name,
            arn=role["Arn"],
            unique_id=role["RoleId"],
            create_date=role["CreateDate"].strftime("%Y-%m-%dT%H:%M:%SZ"),
            name_prefix=planned.get("name_prefix"),
            managed_policy_arns=planned.get("managed_policy_arns") or [],
        )
        return planned

    def read(self, state: State) -> State | None:
        return state if unless_missing(lambda: self.ctx.client("iam").get_role(RoleName=state["name"]), NO_SUCH_ENTITY) is not None else None

    def update(self, prior: State, planned: State) -> State:
        iam = self.ctx.client("iam")
        if planned["assume_role_policy"] != prior["assume_role_policy"]:
            iam.update_assume_role_policy(RoleName=prior["name"], PolicyDocument=planned["assume_role_policy"])
        return planned

    def delete(self, state: State) -> None:
        iam = self.ctx.client("iam")
        # The provider removes the role's inline policies first (DeleteRole refuses a role that has any).
        for policy in iam.list_role_policies(RoleName=state["name"])["PolicyNames"]:
            iam.delete_role_policy(RoleName=state["name"], PolicyName=policy)
        if state.get("force_detach_policies"):
            for attached in iam.list_attached_role_policies(RoleName=state["name"])["AttachedPolicies"]:
                iam.detach_role_policy(RoleName=state["name"], PolicyArn=attached["PolicyArn"])
        try:
            iam.delete_role(RoleName=state["name"])
        except ClientError as exc:
            raise api_error(f"deleting IAM Role ({state['name']})", exc) from exc


class RolePolicy(ResourceType):
    type_name = "aws_iam_role_policy"
    force_new = frozenset({"name", "name_prefix", "role"})

    def create(self, planned: State) -> State:
        return self._put(planned)

    def _put(self, planned: State) -> State:
        name = planned.get("name") or f"terraform-{planned.get('name_prefix') or ''}"
        try:
            self.ctx.client("iam").put_role_policy(RoleName=planned["role"], PolicyName=name, PolicyDocument=planned["policy"])
        except ClientError as exc:
            raise api_error(f"putting IAM Role ({planned['role']}) Policy ({name})", exc) from exc
        planned.update(id=f"{planned['role']}:{name}", name=name)
        return planned

    def read(self, state: State) -> State | None:
        iam = self.ctx.client("iam")
        found = unless_missing(lambda: iam.get_role_policy(RoleName=state["role"], PolicyName=state["name"]), NO_SUCH_ENTITY)
        return state if found is not None else None

    def update(self, prior: State, planned: State) -> State:
        return self._put(planned)

    def delete(self, state: State) -> None:
        try:
            self.ctx.client("iam").delete_role_policy(RoleName=state["role"], PolicyName=state["name"])
        except ClientError as exc:
            if not _missing(exc):
                raise


class RolePolicyAttachment(ResourceType):
    type_name = "aws_iam_role_policy_attachment"
    force_new = frozenset({"role", "policy_arn"})

    def create(self, planned: State) -> State:
        try:
            self.ctx.client("iam").attach_role_policy(RoleName=planned["role"], PolicyArn=planned["policy_arn"])
        except ClientError as exc:
            raise api_error(f"attaching IAM Policy ({planned['policy_arn']}) to IAM Role ({planned['role']})", exc) from exc
        planned["id"] = f"{planned['role']}-{planned['policy_arn']}"
        return planned

    def read(self, state: State) -> State | None:
        iam = self.ctx.client("iam")
        attached = unless_missing(lambda: iam.list_attached_role_policies(RoleName=state["role"])["AttachedPolicies"], NO_SUCH_ENTITY)
        return state if any(p["PolicyArn"] == state["policy_arn"] for p in attached or []) else None

    def delete(self, state: State) -> None:
        self.ctx.client("iam").detach_role_policy(RoleName=state["role"], PolicyArn=state["policy_arn"])

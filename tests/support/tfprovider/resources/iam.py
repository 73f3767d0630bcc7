"""IAM: roles, inline policies, managed policy attachments."""

from __future__ import annotations

from tests.support.tfprovider.base import ResourceType, State, given, kept_if_found, missing_is_fine, reported, tags_given, unless_missing

NO_SUCH_ENTITY = "NoSuchEntity"


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
            **given(planned, {"description": "Description"}),
            **tags_given(planned),
        }
        with reported(f"creating IAM Role ({name})"):
            role = iam.create_role(**kwargs)["Role"]
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
        return kept_if_found(state, lambda: self.ctx.client("iam").get_role(RoleName=state["name"]), NO_SUCH_ENTITY)

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
        with reported(f"deleting IAM Role ({state['name']})"):
            iam.delete_role(RoleName=state["name"])


class RolePolicy(ResourceType):
    type_name = "aws_iam_role_policy"
    force_new = frozenset({"name", "name_prefix", "role"})

    def create(self, planned: State) -> State:
        return self._put(planned)

    def _put(self, planned: State) -> State:
        name = planned.get("name") or f"terraform-{planned.get('name_prefix') or ''}"
        with reported(f"putting IAM Role ({planned['role']}) Policy ({name})"):
            self.ctx.client("iam").put_role_policy(RoleName=planned["role"], PolicyName=name, PolicyDocument=planned["policy"])
        planned.update(id=f"{planned['role']}:{name}", name=name)
        return planned

    def read(self, state: State) -> State | None:
        iam = self.ctx.client("iam")
        return kept_if_found(state, lambda: iam.get_role_policy(RoleName=state["role"], PolicyName=state["name"]), NO_SUCH_ENTITY)

    def update(self, prior: State, planned: State) -> State:
        return self._put(planned)

    def delete(self, state: State) -> None:
        with missing_is_fine(NO_SUCH_ENTITY):
            self.ctx.client("iam").delete_role_policy(RoleName=state["role"], PolicyName=state["name"])


class RolePolicyAttachment(ResourceType):
    type_name = "aws_iam_role_policy_attachment"
    force_new = frozenset({"role", "policy_arn"})

    def create(self, planned: State) -> State:
        with reported(f"attaching IAM Policy ({planned['policy_arn']}) to IAM Role ({planned['role']})"):
            self.ctx.client("iam").attach_role_policy(RoleName=planned["role"], PolicyArn=planned["policy_arn"])
        planned["id"] = f"{planned['role']}-{planned['policy_arn']}"
        return planned

    def read(self, state: State) -> State | None:
        iam = self.ctx.client("iam")
        attached = unless_missing(lambda: iam.list_attached_role_policies(RoleName=state["role"])["AttachedPolicies"], NO_SUCH_ENTITY)
        return state if any(p["PolicyArn"] == state["policy_arn"] for p in attached or []) else None

    def delete(self, state: State) -> None:
        self.ctx.client("iam").detach_role_policy(RoleName=state["role"], PolicyArn=state["policy_arn"])

"""CloudWatch Logs: log groups."""

from __future__ import annotations

from tests.support.tfprovider.base import NOT_FOUND, ResourceType, State, missing_is_fine, reported


class LogGroup(ResourceType):
    type_name = "aws_cloudwatch_log_group"
    force_new = frozenset({"name", "name_prefix", "log_group_class"})

    def create(self, planned: State) -> State:
        logs = self.client("logs", planned)
        name = planned["name"]
        kwargs = {"logGroupName": name}
        if planned.get("kms_key_id"):
            kwargs["kmsKeyId"] = planned["kms_key_id"]
        if planned.get("tags_all"):
            kwargs["tags"] = planned["tags_all"]
        with reported(f"creating CloudWatch Logs Log Group ({name})"):
            logs.create_log_group(**kwargs)
            if planned.get("retention_in_days"):
                logs.put_retention_policy(logGroupName=name, retentionInDays=int(planned["retention_in_days"]))
        # The provider's arn has no trailing ":*" (DescribeLogGroups' "arn" has one).
        planned.update(id=name, arn=self.ctx.arn("logs", f"log-group:{name}", region=self.region(planned)), name_prefix=None)
        return planned

    def read(self, state: State) -> State | None:
        groups = self.client("logs", state).describe_log_groups(logGroupNamePrefix=state["name"])["logGroups"]
        return state if any(g["logGroupName"] == state["name"] for g in groups) else None

    def update(self, prior: State, planned: State) -> State:
        logs = self.client("logs", planned)
        if planned.get("retention_in_days") != prior.get("retention_in_days"):
            if planned.get("retention_in_days"):
                logs.put_retention_policy(logGroupName=prior["name"], retentionInDays=int(planned["retention_in_days"]))
            else:
                logs.delete_retention_policy(logGroupName=prior["name"])
        return planned

    def delete(self, state: State) -> None:
        with missing_is_fine(NOT_FOUND):
            self.client("logs", state).delete_log_group(logGroupName=state["name"])

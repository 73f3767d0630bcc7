"""API Gateway account settings: the CloudWatch role every stage with access logs needs."""

from __future__ import annotations

import json
import urllib.parse

from tests.support.tfprovider.base import ProviderError, ResourceType, State, reported


class Account(ResourceType):
    type_name = "aws_api_gateway_account"

    def _set(self, planned: State) -> State:
        arn = planned.get("cloudwatch_role_arn")
        if arn:
            # API Gateway checks the role before accepting it: it must exist and trust
            # apigateway.amazonaws.com ("The role ARN does not have required permissions set to API Gateway").
            # https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
            name = arn.rsplit("/", 1)[-1]
            with reported("setting API Gateway account"):
                document = self.ctx.client("iam").get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"]
            if isinstance(document, str):
                document = json.loads(urllib.parse.unquote(document))
            if "apigateway.amazonaws.com" not in json.dumps(document):
                raise ProviderError(
                    "setting API Gateway account: api error BadRequestException: The role ARN does not have required permissions set to API Gateway"
                )
        ops = [{"op": "replace", "path": "/cloudwatchRoleArn", "value": arn or ""}]
        account = self.client("apigateway", planned).update_account(patchOperations=ops)
        planned.update(id="api-gateway-account", api_key_version=account.get("apiKeyVersion"), features=account.get("features") or [])
        return planned

    def create(self, planned: State) -> State:
        return self._set(planned)

    def update(self, prior: State, planned: State) -> State:
        return self._set(planned)

    def delete(self, state: State) -> None:
        """As the provider documents: destroying this resource leaves the account's settings as they are."""

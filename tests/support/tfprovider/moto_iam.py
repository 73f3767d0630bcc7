"""AWS's managed policies in moto's IAM: the ones the rendered stacks attach, with AWS's own documents.

An AWS account has ~1,300 AWS-managed policies, and moto (MOTO_IAM_LOAD_MANAGED_POLICIES) parses
and builds all of them each time an IAM backend is made: after every reset, about a second of CPU
per test. The stacks attach only these, so the account is given only these, each exactly as moto's
copy of AWS's list has it (ARN, path, document, version).
"""

from __future__ import annotations

import json
from functools import cache

import pytest

ATTACHED = ("AmazonAPIGatewayPushToCloudWatchLogs",)  # templates/terraform: the API Gateway logging role


@cache
def _attached_only() -> str:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    every = json.loads(aws_managed_policies_data)
    return json.dumps({name: every[name] for name in ATTACHED})


def patch_managed_policies(patch: pytest.MonkeyPatch) -> None:
    import moto.iam.models

    patch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    patch.setattr(moto.iam.models, "aws_managed_policies_data", _attached_only())

"""Who may assume the deploy role: one repository's CI jobs, through its OIDC issuer. Pure.

GitHub puts the job's environment in the token's ``sub`` when a job has one
(``repo:OWNER/NAME:environment:production``), else the branch
(``repo:OWNER/NAME:ref:refs/heads/main``) or ``repo:OWNER/NAME:pull_request``.
GitLab's ``sub`` is ``project_path:GROUP/NAME:ref_type:branch:ref:main``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wrapper.errors import UsageError

AUDIENCE = "sts.amazonaws.com"


@dataclass(frozen=True)
class Issuer:
    name: str
    host: str
    repo_pattern: str
    repo_example: str
    # Certificate thumbprints IAM asked for before it trusted these issuers' CAs itself; kept so
    # older partitions and tools that still require a value get the published ones.
    thumbprints: tuple[str, ...]

    def provider_arn(self, account: str) -> str:
        return f"arn:aws:iam::{account}:oidc-provider/{self.host}"


GITHUB = Issuer(
    "github",
    "token.actions.githubusercontent.com",
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}",
    "OWNER/NAME",
    ("6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"),
)
GITLAB = Issuer(
    "gitlab",
    "gitlab.com",
    r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+",
    "GROUP/NAME",
    ("b3dd7606d2b5a8b4a13771dbecc9ee1cecafa38a",),
)


@dataclass(frozen=True)
class RepoTrust:
    """The jobs of one repository that may deploy: by environment, branch, or pull request."""

    issuer: Issuer
    repo: str
    environments: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    pull_requests: bool = False

    def subjects(self) -> list[str]:
        if self.issuer is GITLAB:
            # GitLab's sub has no environment; merge request pipelines run on their source branch.
            return [f"project_path:{self.repo}:ref_type:branch:ref:{b}" for b in self.branches or ("*",)]
        subjects = [f"repo:{self.repo}:environment:{e}" for e in self.environments]
        subjects += [f"repo:{self.repo}:ref:refs/heads/{b}" for b in self.branches]
        if self.pull_requests:
            subjects.append(f"repo:{self.repo}:pull_request")
        return subjects


def parse_repo(issuer: Issuer, repo: str) -> str:
    if not re.fullmatch(issuer.repo_pattern, repo) or repo.endswith((".", "/")) or ".." in repo:
        flag = "--github-repo" if issuer is GITHUB else "--gitlab-project"
        raise UsageError(
            f"{flag} {repo!r} is not {issuer.repo_example}", f"pass the repository as {issuer.repo_example}, e.g. acme/my-world"
        )
    return repo


def trust_policy(account: str, trust: RepoTrust) -> dict[str, Any]:
    subjects = trust.subjects()
    if not subjects:
        raise UsageError("the deploy role would trust no job", "pass --environment, --branch or --pull-requests")
    host = trust.issuer.host
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CiJobsOfOneRepository",
                "Effect": "Allow",
                "Principal": {"Federated": trust.issuer.provider_arn(account)},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {"StringEquals": {f"{host}:aud": AUDIENCE}, "StringLike": {f"{host}:sub": subjects}},
            }
        ],
    }

"""The Examples section of every command's --help: real command lines a newcomer can copy.

Kept in one table so a command's examples and the test that every command has some stay in step.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "init": (
        ("wrapper init my-world", "scaffold ./my-world, asking for the service name and region"),
        ("wrapper init my-world --service world --region eu-west-1 --yes", "no questions (CI, scripts)"),
        ("wrapper init . --ci github", "also add a GitHub Actions workflow"),
    ),
    "config show": (
        ("wrapper config show", "the dev stage, with where each value came from"),
        ("wrapper config show --stage pr-7 --from dev --json", "a preview stage based on dev, as JSON"),
    ),
    "dev": (
        ("wrapper dev", "backend on :3001, page on http://127.0.0.1:8080/"),
        ("wrapper dev --port 4001 --frontend-port 9090 --secrets-port 4002", "every port chosen"),
        ("wrapper dev --reset --quiet", "empty tables, no line per invocation"),
    ),
    "render": (
        ("wrapper render --stage dev", "write .wrapper/dev/terraform/ to read or diff"),
        ("wrapper render --stage pr-7 --from dev", "a preview stage based on dev"),
    ),
    "lock": (
        ("wrapper lock", "record every platform's provider hashes in .terraform.lock.hcl, then commit it"),
        ("wrapper lock --stage dev", "offline: from the mirror your TF_CLI_CONFIG_FILE names (filesystem_mirror / network_mirror)"),
    ),
    "plan": (
        ("wrapper plan --stage dev", "what deploy would add, change and destroy"),
        ("wrapper plan --stage prod --detailed-exitcode --json", "in CI: exit 2 when there are changes"),
    ),
    "deploy": (
        ("wrapper deploy --stage dev", "plan, confirm, apply, print the wss:// URL"),
        ("wrapper deploy --stage pr-7 --from dev --yes", "a preview stage from CI"),
        ("wrapper deploy --stage dev --function play", "ship one handler's code in seconds"),
    ),
    "destroy": (
        ("wrapper destroy --stage pr-7 --from dev --yes", "tear a preview stage down"),
        ("wrapper destroy --stage prod --force", "a protected stage (asks you to type its name)"),
    ),
    "outputs": (
        ("wrapper outputs --stage dev", "the URLs recorded by the last deploy"),
        ("wrapper outputs --stage dev --json", "for scripts"),
    ),
    "bootstrap": (("wrapper bootstrap --stage prod", "create the remote-state bucket named in wrapper.toml's [state] table"),),
    "package": (
        ("wrapper package", "zips for the dev stage in .wrapper/dev/dist/"),
        ("wrapper package --stage pr-7 --from dev --json", "a preview stage, as JSON"),
    ),
    "cost": (
        ("wrapper cost --players 10 --rate 10", "price 10 players for 10 s of real traffic"),
        ("wrapper cost --players 50 --rate 10 --fanout relay --slow 4", "compare fan-out modes on a slow machine"),
    ),
    "token": (
        ("wrapper token --player ann --local", "for `wrapper dev` (signed with the local secret)"),
        ("wrapper token --player ann --stage prod", "reads the stage's secret from AWS Secrets Manager"),
    ),
    "logs": (
        ("wrapper logs --stage dev --since 1h", "every function's logs of the last hour"),
        ("wrapper logs --stage dev --function play --follow", "follow one function"),
        ("wrapper logs --stage dev --json | jq .message", "one JSON document per line"),
    ),
    "secrets list": (("wrapper secrets list --stage prod", "which values are set (names only)"),),
    "secrets get": (("wrapper secrets get token_key --stage prod --reveal", "print one value"),),
    "secrets set": (
        ("wrapper secrets set token_key --stage prod", "asks for the value without echoing it"),
        ("wrapper secrets set token_key --from-env TOKEN_KEY --stage prod", "in CI"),
    ),
    "secrets delete": (("wrapper secrets delete token_key --stage prod --yes", "clear a value"),),
    "docs": (
        ("wrapper docs", "the topics: configuration, protocol, headset, deploy, ci, ..."),
        ("wrapper docs protocol | less", "read one topic in the terminal"),
        ("wrapper docs configuration --path", "the file to open in an editor"),
    ),
    "doctor": (
        ("wrapper doctor", "check engine, credentials, state bucket, packaging, page and ports"),
        ("wrapper doctor --stage prod --json", "for CI"),
    ),
}


# The `wrapper docs` topics worth reading next, per command (wrapper/docs_topics.py has the topics).
DOCS: dict[str, tuple[str, ...]] = {
    "init": ("start", "configuration"),
    "config show": ("configuration",),
    "dev": ("dev", "headset", "protocol"),
    "render": ("deploy",),
    "plan": ("deploy", "ci"),
    "deploy": ("deploy", "ci"),
    "destroy": ("deploy",),
    "outputs": ("json",),
    "bootstrap": ("deploy", "ci"),
    "package": ("commands",),
    "token": ("handlers", "protocol"),
    "logs": ("troubleshooting",),
    "doctor": ("troubleshooting",),
}


def group_epilog(group: str) -> str:
    """A command group's Examples: those of its commands (``wrapper secrets --help`` shows how to use each)."""
    return _section(tuple(line for path, lines in EXAMPLES.items() if path.startswith(f"{group} ") for line in lines), group)


def epilog(command: str) -> str:
    """An Examples section that click prints as written (``\\b`` stops it re-wrapping the lines), and where to read more."""
    return _section(EXAMPLES[command], command)


def _section(lines: tuple[tuple[str, str], ...], command: str) -> str:
    width = max(len(line) for line, _ in lines)
    body = "\n".join(f"  {line.ljust(width)}  # {what}" for line, what in lines)
    more = DOCS.get(command)
    docs = f"\n\nMore: {', '.join(f'wrapper docs {topic}' for topic in more)}" if more else ""
    return f"\b\nExamples:\n{body}{docs}"

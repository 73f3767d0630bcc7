"""`[auth]`: player accounts (Cognito, and the local provider of `wrapper dev`) and the mistakes refused with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.projects import CONNECT_TOML, SIGNIN_CONFIG, STAGES_TOML, service_toml
from wrapper.config import load_config
from wrapper.errors import ConfigError

BASE = service_toml() + CONNECT_TOML + STAGES_TOML

AUTH = SIGNIN_CONFIG


def _load(tmp_path: Path, text: str, stage: str = "dev"):  # type: ignore[no-untyped-def]
    (tmp_path / "wrapper.toml").write_text(text)
    return load_config(tmp_path, stage, env={})


def test_no_auth_section_means_no_accounts(tmp_path: Path) -> None:
    assert _load(tmp_path, BASE).auth is None


def test_cognito_with_test_users_and_derived_domain_prefix(tmp_path: Path) -> None:
    auth = _load(tmp_path, BASE + AUTH).auth
    assert auth is not None
    assert auth.provider == "cognito"
    assert auth.domain_prefix == "demo-dev"  # <service>-<stage> unless set
    assert [u.username for u in auth.test_users] == ["ada", "bob"]
    assert auth.test_users[0].groups == ("admins",) and auth.test_users[1].email is None
    assert (auth.mfa, auth.token_minutes, auth.refresh_token_days) == ("off", 60, 30)


def test_a_stage_may_override_auth_settings(tmp_path: Path) -> None:
    text = (BASE + AUTH).replace("protected = true", 'protected = true\nauth.mfa = "optional"\nauth.domain_prefix = "demo-play"')
    auth = _load(tmp_path, text, "prod").auth
    assert auth is not None and (auth.mfa, auth.domain_prefix) == ("optional", "demo-play")


def test_config_show_hides_test_passwords(tmp_path: Path) -> None:
    shown = _load(tmp_path, BASE + AUTH).to_dict()["auth"]
    assert [u["password"] for u in shown["test_users"]] == ["(hidden)", "(hidden)"]
    assert "correct horse" not in str(shown)


# (id, text, words the error must contain, line it must point at)
BAD = [
    ("no-provider", BASE + '\n[auth]\ngroups = ["a"]\n', ["missing required key 'auth.provider'"], 14),
    ("unknown-provider", BASE + '\n[auth]\nprovider = "auth0"\n', ["auth.provider = 'auth0' is not one of cognito"], 15),
    (
        "user-without-password",
        BASE + AUTH + '\n[[auth.test_users]]\nusername = "eve"\n',
        ["missing required key 'auth.test_users[2].password'"],
        28,  # the third [[auth.test_users]]
    ),
    ("empty-password", BASE + AUTH.replace('"battery staple"', '""'), ["test user 'bob' has an empty password"], 26),
    (
        "unknown-group",
        BASE + AUTH.replace('groups = ["admins"]\n\n', 'groups = ["admin"]\n\n', 1),
        ["group 'admins'", "not in auth.groups"],
        22,
    ),
    ("duplicate-user", BASE + AUTH.replace('"bob"', '"ada"'), ["test user 'ada' is listed twice"], 25),
    (
        "prefix-with-cognito",
        BASE + AUTH.replace('groups = ["admins"]\n\n', 'domain_prefix = "my-cognito"\n\n', 1),
        ["contains 'cognito'"],
        16,
    ),
    (
        "prefix-chars",
        BASE + AUTH.replace('groups = ["admins"]\n\n', 'domain_prefix = "My_Game"\n\n', 1),
        ["auth.domain_prefix = 'My_Game'"],
        16,
    ),
    ("http-callback", BASE + AUTH.replace("[[auth", 'callback_urls = ["http://example.com/"]\n\n[[auth', 1), ["Cognito would refuse"], 18),
    (
        "unknown-public-route",
        BASE + AUTH.replace('groups = ["admins"]\n\n', 'groups = ["admins"]\npublic_routes = ["GET /nope"]\n\n', 1),
        ["auth.public_routes names 'GET /nope', which no function serves"],
        17,
    ),
    ("unknown-key", BASE + AUTH.replace("provider", "provder", 1), ["unknown key 'auth.provder'", "did you mean 'provider'"], 15),
]


@pytest.mark.parametrize(("text", "words", "line"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_auth_config_names_the_line(tmp_path: Path, text: str, words: list[str], line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    for word in words:
        assert word in caught.value.message, caught.value.message
    assert caught.value.message.startswith(f"wrapper.toml:{line}:"), caught.value.message
    assert caught.value.hint


def test_bad_auth_config_exits_2_and_renders_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "wrapper.toml").write_text(BASE + '\n[auth]\nprovider = "okta"\n')
    result = cli(["render", "--stage", "dev"], cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "auth.provider" in result.output
    assert not (tmp_path / ".wrapper").exists()

"""The ``[auth]`` section of the schema: player accounts and the local sign-in page's test users."""

from __future__ import annotations

from wrapper.config.schema_types import CLI, TERRAFORM, Key, ListOf, Model, Section

AUTH_PROVIDERS = ("cognito",)
MFA_MODES = ("off", "optional")
# Cognito's rule for a hosted UI domain prefix (lowercase letters, digits, hyphens; no "aws"/"cognito"/"amazon").
DOMAIN_PREFIX_PATTERN = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# Usernames the local sign-in page offers (Cognito allows more; these stay readable in a URL and a log).
USERNAME_PATTERN = r"[A-Za-z0-9_.@+=,-]{1,128}"
TEST_USER = Section(
    {
        "username": Key(
            str,
            "Sign-in name on the local sign-in page (`wrapper dev` only; never deployed).",
            required=True,
            pattern=USERNAME_PATTERN,
            pattern_doc="1-128 letters, digits or _ . @ + = , -",
        ),
        "password": Key(str, "Password typed on the local sign-in page.", required=True),
        "email": Key(str, "The email claim of the user's tokens."),
        "groups": Key(list, "Groups in the user's cognito:groups claim (each one of auth.groups).", default=[], list_of=str),
    },
    model=Model("TestUser", doc="An account of the local sign-in page (`wrapper dev` only)."),
)

AUTH = Section(
    {
        "provider": Key(
            str,
            "Who signs players in: cognito (a user pool deployed with the stage; `wrapper dev` runs a local stand-in).",
            required=True,
            choices=AUTH_PROVIDERS,
        ),
        "domain_prefix": Key(
            str,
            "Hosted sign-in domain: https://<prefix>.auth.<region>.amazoncognito.com (default: <service>-<stage>).",
            pattern=DOMAIN_PREFIX_PATTERN,
            pattern_doc="1-63 lowercase letters, digits or '-', not starting or ending with '-'",
        ),
        "groups": Key(list, "User pool groups, delivered in the tokens' cognito:groups claim.", default=[], list_of=str),
        "mfa": Key(str, "Multi-factor sign-in: off, or optional (players may add an authenticator app).", default="off", choices=MFA_MODES),
        "callback_urls": Key(list, "Extra URLs sign-in may return to, besides the page's own (always allowed).", default=[], list_of=str),
        "logout_urls": Key(list, "Extra URLs sign-out may return to, besides the page's own.", default=[], list_of=str),
        "token_minutes": Key(int, "Lifetime of ID and access tokens in minutes.", default=60, minimum=5, maximum=1440),
        "refresh_token_days": Key(int, "Lifetime of refresh tokens in days.", default=30, minimum=1, maximum=3650),
        "public_routes": Key(
            list,
            'HTTP route keys open without sign-in (e.g. "GET /rooms/{id}"); every other HTTP route needs a signed-in player\'s token.',
            default=[],
            list_of=str,
        ),
        "test_users": ListOf(TEST_USER, "Accounts the local sign-in page of `wrapper dev` offers (never deployed)."),
    },
    "Player accounts. Without this section players connect anonymously, or with `wrapper token` tokens when multiplayer.auth = true.",
    optional=True,
    used_by=(CLI, TERRAFORM),
    model=Model(
        "AuthSettings",
        doc="Player accounts: a Cognito user pool in the cloud, the local OpenID provider in `wrapper dev`.",
        computed={"domain_prefix": "str"},
    ),
)

"""The local sign-in page: the test users of wrapper.toml and a username + password form (no script)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from wrapper.config.model import TestUser

# The hidden fields that carry the authorize request through the form post.
CARRIED = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method")


def render(users: tuple[TestUser, ...], request: Mapping[str, str], *, error: str | None = None, username: str = "") -> str:
    hidden = "\n".join(
        f'    <input type="hidden" name="{name}" value="{escape(request[name])}">' for name in CARRIED if request.get(name) is not None
    )
    listing = "\n".join(
        f"    <li><code>{escape(u.username)}</code>{' (' + escape(', '.join(u.groups)) + ')' if u.groups else ''}</li>" for u in users
    )
    if not users:
        listing = "    <li>none yet: add <code>[[auth.test_users]]</code> with a username and password to wrapper.toml</li>"
    problem = f'  <p class="error" role="alert">{escape(error)}</p>\n' if error else ""
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in (wrapper dev)</title>
  <style>
    body {{ font: 16px system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; }}
    label {{ display: block; margin-top: .8rem; }}
    input[type=text], input[type=password] {{ width: 100%; padding: .4rem; box-sizing: border-box; }}
    button {{ margin-top: 1rem; padding: .5rem 1.2rem; }}
    .error {{ color: #b00020; }}
  </style>
</head>
<body>
  <h1>Sign in</h1>
  <p>Local sign-in of <code>wrapper dev</code>, standing in for the stage's Cognito user pool. Test users from wrapper.toml:</p>
  <ul>
{listing}
  </ul>
{problem}  <form method="post" action="/login">
{hidden}
    <label>Username <input type="text" name="username" autocomplete="username" value="{escape(username)}" required></label>
    <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>
</body>
</html>
"""

"""A local OpenID provider for `wrapper dev`, shaped like a Cognito user pool and its hosted UI.

The same endpoint paths as Cognito's (``/oauth2/authorize``, ``/oauth2/token``, ``/logout``,
``/.well-known/openid-configuration``, ``/.well-known/jwks.json``), tokens with Cognito's claims
signed RS256 with a key kept under ``.wrapper/local/<stage>/``, and a sign-in page listing the
``[[auth.test_users]]`` of wrapper.toml. The page's sign-in code and the handlers' verification
therefore run unchanged against this provider and against the deployed user pool.
"""

from wrapper.offline.oidc.provider import LocalProvider, dev_provider

__all__ = ["LocalProvider", "dev_provider"]

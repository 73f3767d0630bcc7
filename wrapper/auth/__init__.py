"""Player tokens for `multiplayer.auth`, signed with the same code the handlers verify with."""

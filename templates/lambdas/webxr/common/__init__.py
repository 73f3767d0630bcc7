"""Code shared by every multiplayer handler (bundled into each function's zip)."""

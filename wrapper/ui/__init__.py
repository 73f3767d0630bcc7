"""Terminal output. The only package that imports ``rich`` (enforced by ruff)."""

"""wrapper: real-time multiplayer WebXR backends on AWS, and the same backend offline."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs ~70 ms, which the CLI's fast path does not pay.
    if name != "__version__":
        raise AttributeError(f"module 'wrapper' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("wrapper")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+unknown"

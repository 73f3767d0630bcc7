"""wrapper: real-time multiplayer WebXR backends on AWS, and the same backend offline."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'wrapper' has no attribute {name!r}")
    from wrapper.distribution import installed_version

    return installed_version()

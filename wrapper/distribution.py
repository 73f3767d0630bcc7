"""The name wrapper is published under, and how to install it.

The command and the import package are both ``wrapper``, but the index name
``wrapper`` belongs to an unrelated 2017 project: ``pip install wrapper``
installs that. Everything that tells a person or a pipeline what to install
takes the name from here.
"""

from __future__ import annotations

DIST_NAME = "wrapper-xr"


def install_spec(extra: str | None = None, version: str | None = None) -> str:
    """``wrapper-xr[terraform]==0.1.0``-style requirement, as pip reads it."""
    spec = DIST_NAME + (f"[{extra}]" if extra else "")
    return f"{spec}=={version}" if version else spec


def installed_version() -> str:
    # Looked up on first use: importlib.metadata costs ~70 ms, which the CLI's fast path does not pay.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST_NAME)
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+unknown"

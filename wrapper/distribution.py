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
    # A literal (``wrapper._version``), which pyproject.toml also reads: importlib.metadata costs ~70 ms at start-up.
    from wrapper._version import __version__

    return __version__

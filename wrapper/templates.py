"""Where the shipped templates live, installed or in a checkout.

A wheel carries them as ``wrapper/_templates`` (see pyproject's force-include);
an editable install or a plain checkout reads the top-level ``templates/``
beside the package. One function, so every caller finds them the same way.
"""

from __future__ import annotations

from pathlib import Path

from wrapper.errors import WrapperError

_PACKAGE_DIR = Path(__file__).resolve().parent


def templates_root() -> Path:
    for candidate in (_PACKAGE_DIR / "_templates", _PACKAGE_DIR.parent / "templates"):
        if (candidate / "project").is_dir():
            return candidate
    raise WrapperError(
        "wrapper's templates are missing from this installation",
        "reinstall wrapper (pip install --force-reinstall wrapper-xr) or run it from a complete checkout",
    )


def template_names() -> list[str]:
    return sorted(p.name for p in (templates_root() / "project").iterdir() if p.is_dir())

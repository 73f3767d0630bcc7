"""The project and stage a command acts on: its options declared once, and loaded one way.

A command takes ``target: Target``; :func:`acts_on_stage` shows typer ``--stage``, ``--project``,
(``--region``) and ``--from`` in that parameter's place, so every command spells and orders them
the same way, and hands the command the :class:`Target` they make.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from wrapper.cli.options import FromOption, ProjectOption, RegionOption, StageOption
from wrapper.cli.project import load_project

if TYPE_CHECKING:
    from wrapper.config import ProjectConfig

R = TypeVar("R")


@dataclass(frozen=True)
class Target:
    stage: str | None
    project: Path | None
    region: str | None
    from_stage: str | None

    def load(self, overrides: Mapping[str, Any] | None = None) -> ProjectConfig:
        """``overrides``: dotted settings given by the command's own flags (None: not given)."""
        return load_project(self.project, self.stage, region=self.region, from_stage=self.from_stage, overrides=overrides)


# Each field of Target as the option typer shows, in the order --help lists them.
OPTIONS = {"stage": StageOption, "project": ProjectOption, "region": RegionOption, "from_stage": FromOption}


def acts_on_stage(*, region: bool = False) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Replace the command's ``target`` parameter by the target options (``--region`` only with ``region``)."""
    shown = [name for name in OPTIONS if region or name != "region"]

    def wrap(command: Callable[..., R]) -> Callable[..., R]:
        signature = inspect.signature(command, eval_str=True)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name == "target":
                parameters += [
                    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OPTIONS[name]) for name in shown
                ]
            else:
                parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

        @functools.wraps(command)
        def run(**options: Any) -> R:
            target = Target(**{name: options.pop(name, None) for name in OPTIONS})
            return command(target=target, **options)

        # typer reads the options from the signature and the annotations: show it the new ones.
        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": signature.return_annotation}
        return run

    return wrap

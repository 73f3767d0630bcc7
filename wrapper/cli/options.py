"""Options shared by many commands, so every command spells them the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

StageOption = Annotated[
    Optional[str],
    typer.Option("--stage", "-s", help="Stage to act on (default: $WRAPPER_STAGE, else dev).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout instead of tables.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Answer yes to every confirmation (required without a terminal).")]
ProjectOption = Annotated[
    Optional[Path],
    typer.Option(
        "--project", "-p", help="Project folder or wrapper.toml (default: the nearest one above the working directory).", show_default=False
    ),
]
RegionOption = Annotated[Optional[str], typer.Option("--region", help="Override service.region for this command.", show_default=False)]
FromOption = Annotated[
    Optional[str],
    typer.Option("--from", help="Base an undeclared stage (e.g. pr-123) on this declared one.", show_default=False),
]
SecretName = Annotated[str, typer.Argument(help="A name from [secrets] values.", show_default=False)]

"""The ``wrapper`` application: global options, error handling, and command registration.

Each command group lives in its own module under ``wrapper.cli`` and exposes
``register(app)``; this module only wires them together and turns exceptions
into exit codes (0 ok, 1 operational failure, 2 usage or configuration error).
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from wrapper import __version__
from wrapper.cli import bootstrap_cmd, config_cmd, cost_cmd, dev_cmd, docs_cmd, init_cmd, ops_cmds, package_cmd, terraform_cmds, token_cmd
from wrapper.cli.state import STATE, debug_from_environment
from wrapper.errors import EXIT_FAILURE, WrapperError, from_os_error
from wrapper.ui import console

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = (init_cmd, config_cmd, dev_cmd, terraform_cmds, bootstrap_cmd, package_cmd, cost_cmd, token_cmd, ops_cmds, docs_cmd)


class WrapperGroup(TyperGroup):
    """Turns a ``WrapperError`` into one red line and its exit code; bugs show a traceback only with --debug."""

    def invoke(self, ctx: Any) -> Any:  # typer vendors click; its Context type is private
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except BrokenPipeError:
            raise  # `wrapper ... | head`: click exits quietly on EPIPE, as a Unix tool should
        except WrapperError as err:
            if STATE.debug:
                console.traceback(err)
            console.error(err)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            console.info("interrupted")
            raise typer.Exit(130) from None
        except OSError as exc:  # disk full, read-only folder, permissions: the user's to fix, not a bug
            if STATE.debug:
                console.traceback(exc)
            console.error(from_os_error(exc))
            raise typer.Exit(EXIT_FAILURE) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence for bugs
            from_aws = _aws_error(exc)
            if from_aws is not None:  # a network or credentials problem is the user's to fix, not a bug to report
                console.error(from_aws)
                raise typer.Exit(from_aws.exit_code) from None
            if STATE.debug:
                console.traceback(exc)
            else:
                console.bug(exc)
            raise typer.Exit(EXIT_FAILURE) from None


def _aws_error(exc: BaseException) -> WrapperError | None:
    """An AWS failure a command did not translate itself ("cannot reach AWS", credentials...), or None."""
    if "botocore" not in sys.modules:
        return None  # nothing talked to AWS; importing boto3 here would only slow a bug report down
    from wrapper.aws.errors import translate

    return translate(exc, "call AWS")


app = typer.Typer(
    cls=WrapperGroup,
    name="wrapper",
    help="Real-time multiplayer WebXR backends on AWS, and the same backend offline.",
    no_args_is_help=True,
    epilog="Documentation: wrapper docs [TOPIC] (configuration, protocol, headset, deploy, ci, troubleshooting, ...).",
    pretty_exceptions_enable=False,
    # Help is printed as written: rich markup would eat "[state]" and "[secrets]", and flags would show "<bool>".
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        console.result(f"wrapper {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback (without local variables) when something fails.")] = False,
) -> None:
    """Real-time multiplayer WebXR backends on AWS, and the same backend offline."""
    STATE.debug = debug or debug_from_environment()


for _module in COMMAND_MODULES:
    _module.register(app)


def main() -> None:
    app(prog_name="wrapper")

"""The ``charterwatch`` command: parse options, call one library function, print the result.

One module per stage (agreements, records, news, understanding, assessment, the main job); they
register their commands on the shared ``app``. Every failure the user can fix is a
:class:`~charterwatch.errors.CharterwatchError`; ``main`` prints its one-line message and exits with
its code (2 for bad input), never a traceback.
"""

import sys  # noqa: I001 - the command modules below are imported in help order, not sorted

from rich.console import Console

from charterwatch.cli import main_job  # noqa: F401, I001 - registers `run` first, so help lists it first
from charterwatch.cli import agreements, news, backfill, records, understanding, assessment, report, serve  # noqa: F401, I001 - register commands
from charterwatch.cli.common import app
from charterwatch.errors import CharterwatchError

try:                                   # newer typer carries its own copy of click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:                    # pragma: no cover - older typer on click
    from click.exceptions import ClickException, UsageError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning user-fixable errors into one line and an exit code.

    Usage errors (an unknown command or option, a missing one, a bad value) are one line naming it
    and where the help is, exit 2, like every other bad input."""
    errors = Console(stderr=True, soft_wrap=True)
    try:
        code = app(standalone_mode=False, prog_name="charterwatch")
    except CharterwatchError as error:
        errors.print(f"error: {error.message}", markup=False, highlight=False)
        sys.exit(error.exit_code)
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":     # a bare group: its help is the answer
            sys.stdout.write(error.format_message() + "\n")
            sys.exit(0)
        where = error.ctx.command_path if error.ctx is not None else "charterwatch"
        message = " ".join(error.format_message().split())
        errors.print(f"error: {message} (see `{where} --help`)", markup=False, highlight=False)
        sys.exit(2)
    except ClickException as error:
        errors.print(f"error: {' '.join(error.format_message().split())}", markup=False, highlight=False)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        errors.print("interrupted", markup=False, highlight=False)
        sys.exit(130)
    except Exception as error:          # click's Abort (Ctrl-D at a prompt): not a traceback either
        if type(error).__name__ != "Abort":
            raise
        errors.print("aborted", markup=False, highlight=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()


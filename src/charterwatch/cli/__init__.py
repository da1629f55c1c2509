"""The ``charterwatch`` command: parse options, call one library function, print the result.

One module per stage (agreements, records, news, understanding, assessment, the main job); they
register their commands on the shared ``app``. Every failure the user can fix is a
:class:`~charterwatch.errors.CharterwatchError`; ``main`` prints its one-line message and exits with
its code (2 for bad input), never a traceback.
"""

import sys  # noqa: I001 - the command modules below are imported in help order, not sorted

from rich.console import Console

from charterwatch.cli import main_job  # noqa: F401, I001 - registers `run` first, so help lists it first
from charterwatch.cli import agreements, news, records, understanding, assessment, report, serve  # noqa: F401, I001 - register commands
from charterwatch.cli.common import app
from charterwatch.errors import CharterwatchError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning user-fixable errors into one line and an exit code."""
    try:
        app()
    except CharterwatchError as error:
        Console(stderr=True, soft_wrap=True).print(f"error: {error.message}", markup=False, highlight=False)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()


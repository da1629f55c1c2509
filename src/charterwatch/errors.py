"""Exception types. Every message is one line that names the input and what is wrong.

The CLI prints ``str(error)`` and exits with ``error.exit_code``; nothing else is shown, so a
message must be complete on its own.
"""

from __future__ import annotations


class CharterwatchError(Exception):
    """Base class: a problem the user can fix, reported in one line."""

    #: 2 = the input was wrong (as argparse/typer use it); 1 = the operation failed.
    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = " ".join(message.split())  # one line, always


class AgreementError(CharterwatchError):
    """An agreement file is unreadable, malformed or inconsistent.

    :param source: the file name (or agreement id) the problem is in
    :param path: the field path inside it, e.g. ``sections[2].provisions[0].due.rule``
    :param problem: what is wrong, e.g. ``'P3X' is not an ISO-8601 duration``
    """

    def __init__(self, source: str, problem: str, path: str | None = None):
        self.source, self.path, self.problem = source, path, problem
        where = f"{source}: {path}: " if path else f"{source}: "
        super().__init__(where + problem)


class RecordError(CharterwatchError):
    """A secretariat record refers to something the agreement does not have, or is malformed."""


class StoreError(CharterwatchError):
    """The store cannot be opened or would be left inconsistent by the requested change."""

    exit_code = 1


class NotFoundError(CharterwatchError):
    """An id given by the user does not exist."""

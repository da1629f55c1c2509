"""One settings object; every default is here with the reason for it.

Precedence: an explicit argument (CLI option), then the environment (``CHARTERWATCH_*``), then
the default below.
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from pydantic import BaseModel, Field

from charterwatch.agreement.bundled import DEFAULT_AGREEMENT_ID
from charterwatch.assess.deadlines import DUE_SOON_DAYS
from charterwatch.assess.status import STALL_AFTER_DAYS


def default_database_url() -> str:
    """A SQLite file in the user's data directory: works offline with nothing to set up."""
    path = Path(platformdirs.user_data_dir("charterwatch", appauthor=False)) / "charterwatch.db"
    return f"sqlite:///{path}"


def default_briefing_dir() -> Path:
    """Briefings the main job writes go beside the default store, in the user's data directory."""
    return Path(platformdirs.user_data_dir("charterwatch", appauthor=False)) / "briefings"


class Settings(BaseModel):
    #: SQLAlchemy URL of the store (env ``CHARTERWATCH_DB``)
    database_url: str = Field(default_factory=default_database_url)
    #: agreement used when none is named: a bundled id, a stored id or a YAML path
    #: (env ``CHARTERWATCH_AGREEMENT``)
    agreement: str = DEFAULT_AGREEMENT_ID
    #: an unmet deadline this close is "due soon" (env ``CHARTERWATCH_DUE_SOON_DAYS``)
    due_soon_days: int = Field(DUE_SOON_DAYS, ge=0)
    #: an announced or ongoing provision with nothing new for this long is "stalled"
    #: (env ``CHARTERWATCH_STALL_AFTER_DAYS``)
    stall_after_days: int = Field(STALL_AFTER_DAYS, ge=1)
    #: where the main job writes its briefing (env ``CHARTERWATCH_BRIEFINGS``)
    briefing_dir: Path = Field(default_factory=default_briefing_dir)
    #: who is named in a record's history when ``--by`` is not given (env ``CHARTERWATCH_USER``)
    user: str = Field(default_factory=lambda: _login_name())

    @classmethod
    def from_environment(cls, environ: Mapping[str, str], **explicit: object) -> Settings:
        """Settings from ``environ`` with explicit values (None = not given) taking precedence."""
        values: dict[str, object] = {}
        for field, variable in (("database_url", "CHARTERWATCH_DB"), ("agreement", "CHARTERWATCH_AGREEMENT"),
                                ("user", "CHARTERWATCH_USER"), ("stall_after_days", "CHARTERWATCH_STALL_AFTER_DAYS"),
                                ("due_soon_days", "CHARTERWATCH_DUE_SOON_DAYS"),
                                ("briefing_dir", "CHARTERWATCH_BRIEFINGS")):
            if environ.get(variable):
                values[field] = environ[variable]
        values.update({k: v for k, v in explicit.items() if v is not None})
        return cls(**values)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"

"""Library values as plain JSON values: one conversion for the API, the pages' twins, exports and
``--json`` output, so a field reads the same wherever it is shown."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


def to_jsonable(value: Any) -> Any:
    """Dataclasses and pydantic models as dicts, dates as ISO text, containers element by element."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(value).items()}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value

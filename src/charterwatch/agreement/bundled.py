"""The agreements shipped inside the package. The Charter is the default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from charterwatch.agreement.load import parse_agreement
from charterwatch.agreement.model import Agreement

#: The agreement every command uses unless ``--agreement`` says otherwise.
DEFAULT_AGREEMENT_ID = "az-us-charter-2026"

_DATA = resources.files("charterwatch.agreement") / "data"


def bundled_agreement_ids() -> list[str]:
    """Ids of the bundled agreements, default first."""
    ids = sorted(Path(str(f.name)).stem for f in _DATA.iterdir() if f.name.endswith(".yaml"))
    return sorted(ids, key=lambda i: i != DEFAULT_AGREEMENT_ID)


def bundled_agreement_text(agreement_id: str) -> str | None:
    """The YAML text of a bundled agreement, or None when there is no such bundled id."""
    resource = _DATA / f"{agreement_id}.yaml"
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def load_bundled_agreement(agreement_id: str = DEFAULT_AGREEMENT_ID) -> Agreement | None:
    """The bundled agreement with this id, validated, or None."""
    text = bundled_agreement_text(agreement_id)
    return None if text is None else parse_agreement(text, f"{agreement_id}.yaml")

"""Stage 0: the agreement as data. ``load_agreement_file(path) -> Agreement``."""

from charterwatch.agreement.bundled import (
    DEFAULT_AGREEMENT_ID,
    bundled_agreement_ids,
    load_bundled_agreement,
)
from charterwatch.agreement.load import load_agreement_file, parse_agreement
from charterwatch.agreement.model import Agreement, Body, Due, Entity, Provision, Section

__all__ = [
    "Agreement", "Body", "DEFAULT_AGREEMENT_ID", "Due", "Entity", "Provision", "Section",
    "bundled_agreement_ids", "load_agreement_file", "load_bundled_agreement", "parse_agreement",
]

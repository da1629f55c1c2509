"""Stage: link. ``link_passages(paragraphs, ProvisionIndex(agreement, lexicon, embed)) -> list[EvidenceLink]``."""

from charterwatch.link.events import EVENT_TYPES, classify_event
from charterwatch.link.evidence import EvidenceLink, ParagraphInput, ProvisionIndex, link_passages

__all__ = ["EVENT_TYPES", "EvidenceLink", "ParagraphInput", "ProvisionIndex", "classify_event", "link_passages"]

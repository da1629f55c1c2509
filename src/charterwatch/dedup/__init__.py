"""Stage: dedup. ``find_copies(documents, embed=...) -> list[CopyLink]``."""

from charterwatch.dedup.copies import find_copies
from charterwatch.dedup.model import CopyLink, CopyPair, DedupDocument, DedupParagraph

__all__ = ["CopyLink", "CopyPair", "DedupDocument", "DedupParagraph", "find_copies"]

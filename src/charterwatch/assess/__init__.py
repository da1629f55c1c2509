"""Stage: assess. ``compute_deadlines(agreement, records, as_of) -> list[DueItem]``."""

from charterwatch.assess.deadlines import DueItem, compute_deadlines

__all__ = ["DueItem", "compute_deadlines"]

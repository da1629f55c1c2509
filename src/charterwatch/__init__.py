"""charterwatch: is an agreement between governments being delivered?

The public API: load an agreement, open a store, compute deadlines.

>>> from charterwatch import Workspace, load_bundled_agreement, compute_deadlines
"""

from charterwatch.agreement import (
    DEFAULT_AGREEMENT_ID,
    Agreement,
    Provision,
    bundled_agreement_ids,
    load_agreement_file,
    load_bundled_agreement,
    parse_agreement,
)
from charterwatch.assess import DueItem, compute_deadlines
from charterwatch.errors import AgreementError, CharterwatchError, RecordError, StoreError
from charterwatch.records import NewRecord, Record
from charterwatch.settings import Settings
from charterwatch.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "Agreement", "AgreementError", "CharterwatchError", "DEFAULT_AGREEMENT_ID", "DueItem", "NewRecord",
    "Provision", "Record", "RecordError", "Settings", "StoreError", "Workspace", "bundled_agreement_ids",
    "compute_deadlines", "load_agreement_file", "load_bundled_agreement", "parse_agreement",
]

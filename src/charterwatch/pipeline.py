"""The main job, stage by stage. The only module that knows the order of the stages.

Today the pipeline is: load the agreements into the store, then judge deadlines against the
secretariats' records. Ingest, linking and assessment plug in here as they arrive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charterwatch.agreement.model import Agreement
from charterwatch.assess.deadlines import DueItem
from charterwatch.workspace import Workspace


@dataclass(frozen=True)
class MainJobResult:
    agreement: Agreement
    loaded: dict[str, str]
    deadlines: list[DueItem]
    as_of: dt.date


def run_main_job(workspace: Workspace, *, agreement_ref: str | None, as_of: dt.date,
                 due_soon_days: int) -> MainJobResult:
    """1. store the bundled agreements; 2. resolve the chosen one; 3. judge its deadlines."""
    loaded = workspace.load_bundled_agreements()                     # 1
    agreement = workspace.agreement(agreement_ref)                    # 2
    deadlines = workspace.deadlines(agreement, as_of, due_soon_days=due_soon_days)  # 3
    return MainJobResult(agreement=agreement, loaded=loaded, deadlines=deadlines, as_of=as_of)

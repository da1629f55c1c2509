"""Back-fill: web archives and news dumps into the store, on an engine (local, Dask or Ray)."""

from charterwatch.backfill.engines import ENGINES, open_engine
from charterwatch.backfill.run import BackfillReport, backfill, plan_shards

__all__ = ["ENGINES", "BackfillReport", "backfill", "open_engine", "plan_shards"]

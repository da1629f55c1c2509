"""The one route list: a router per resource, each serving its API routes, its dashboard pages and
their ``.json``/``.csv`` twins and feeds over the same ``Workspace`` calls.

Routes are tried in this order. ``/api/...`` paths never overlap a page's; within a router a page's
twins come before the page, so ``/provisions/x.json`` is never read as the id ``x.json``.
"""

from charterwatch.web.routes import (
    agreements,
    changes,
    deadlines,
    documents,
    entities,
    export,
    groups,
    overview,
    provisions,
    records,
    stories,
)

ROUTERS = (agreements.router, provisions.router, documents.router, stories.router, deadlines.router,
           entities.router, groups.router, records.router, export.router, overview.router, changes.router)



def every_route() -> list:
    """Every route of the list, in the order tried (tests walk this: a new page without twins, or a
    route the fuzzer doesn't reach, shows up here whatever FastAPI does with included routers)."""
    return [route for router in ROUTERS for route in router.routes]


__all__ = ["ROUTERS", "every_route"]

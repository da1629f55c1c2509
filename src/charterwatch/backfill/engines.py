"""Where a back-fill's tasks run: in this process, on a Dask cluster, or on a Ray cluster.

An engine only submits a function with its arguments and hands back its result. A handle passed
as an argument to a later task is resolved on the cluster (worker to worker), which is how the
copy stage's band keys are shuffled to their partitions without passing through this process.
Dask is the default for clusters (``pip install 'charterwatch[scale]'``): its local mode starts in
about a second in a few hundred MiB, and the same client reaches a scheduler on Kubernetes
(dask-kubernetes), a Slurm allocation (dask-jobqueue) or a laptop. Ray (``charterwatch[ray]``) is
there for teams that run Ray already. See docs/scale.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from charterwatch.errors import CharterwatchError

ENGINES = ("local", "dask", "ray")


class Engine(Protocol):
    name: str
    workers: int

    def submit(self, fn: Callable, *args: Any) -> Any: ...

    def result(self, handle: Any) -> Any: ...

    def close(self) -> None:
        """Release the cluster (a second call does nothing)."""


class _Deferred:
    """A local task: run when its result is first asked for, so one shard at a time is in memory."""

    __slots__ = ("fn", "args", "done", "value")

    def __init__(self, fn: Callable, args: tuple):
        self.fn, self.args, self.done, self.value = fn, args, False, None

    def get(self) -> Any:
        if not self.done:
            self.value = self.fn(*(a.get() if isinstance(a, _Deferred) else a for a in self.args))
            self.done, self.fn, self.args = True, None, ()
        return self.value


def _cannot_start(engine: str, address: str | None, exc: BaseException) -> CharterwatchError:
    """One line: which engine, what it could not do, and the first line of why."""
    why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return CharterwatchError(f"--engine {engine}: cannot {'reach ' + address if address else 'start a local cluster'}: {why}")


class LocalEngine:
    """Every task in this process, one at a time (no extra needed)."""

    name = "local"
    workers = 1

    def submit(self, fn: Callable, *args: Any) -> _Deferred:
        return _Deferred(fn, args)

    def result(self, handle: _Deferred) -> Any:
        return handle.get()

    def close(self) -> None:
        pass


class DaskEngine:
    """Tasks on a Dask cluster: ``address`` of a running scheduler, or a local cluster of
    ``workers`` single-threaded processes."""

    name = "dask"

    def __init__(self, address: str | None, workers: int):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise CharterwatchError("--engine dask needs Dask: pip install 'charterwatch[scale]'") from None
        import logging

        self._cluster = None
        try:
            if address:
                self._client = Client(address, timeout="30s")
            else:
                import dask

                # Dask pins each worker's BLAS to one thread; on a machine of its own a worker may
                # use its share of the cores (the embedding model is matrix products)
                threads = str(max(1, (os.cpu_count() or 1) // workers))
                environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
                environ.update({"OMP_NUM_THREADS": threads, "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads})
                dask.config.set({"distributed.nanny.pre-spawn-environ": environ})
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except (OSError, RuntimeError, TimeoutError, ValueError) as exc:
            raise _cannot_start("dask", address, exc) from None
        self.workers = len(self._client.scheduler_info().get("workers", {})) or workers

    def submit(self, fn: Callable, *args: Any):
        return self._client.submit(fn, *args, pure=False)

    def result(self, handle):
        return handle.result()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


class RayEngine:
    """Tasks on a Ray cluster: ``address`` of a running one ("auto" on a cluster node), or a local
    one with ``workers`` CPUs."""

    name = "ray"

    def __init__(self, address: str | None, workers: int):
        try:
            import ray
        except ImportError:
            raise CharterwatchError("--engine ray needs Ray: pip install 'charterwatch[ray]'") from None
        self._ray = ray
        try:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
        except (OSError, RuntimeError, TimeoutError, ValueError) as exc:
            raise _cannot_start("ray", address, exc) from None
        self.workers = int(ray.cluster_resources().get("CPU", workers))
        self._remote: dict[Callable, Any] = {}

    def submit(self, fn: Callable, *args: Any):
        if fn not in self._remote:
            self._remote[fn] = self._ray.remote(num_cpus=1)(fn)
        return self._remote[fn].remote(*args)

    def result(self, handle):
        return self._ray.get(handle)

    def close(self) -> None:
        if self._ray.is_initialized():
            self._ray.shutdown()


def open_engine(name: str, *, address: str | None = None, workers: int | None = None) -> Engine:
    """The engine called ``name``; ``workers`` defaults to this machine's cores (local clusters only)."""
    workers = workers or os.cpu_count() or 1
    if name == "local":
        if address:
            raise CharterwatchError("--address is for --engine dask or ray; --engine local runs here")
        return LocalEngine()
    if name == "dask":
        return DaskEngine(address, workers)
    if name == "ray":
        return RayEngine(address, workers)
    raise CharterwatchError(f"--engine {name!r}: expected one of {', '.join(ENGINES)}")

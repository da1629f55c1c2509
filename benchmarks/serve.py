"""Dashboard and API latency with 100k documents in the store, on SQLite and PostgreSQL.

The store: the bundled sample news, read and understood as the main job does, then replicated to
N documents (default 100,000) with their paragraphs and copy links; evidence is kept for 2% of the
replicas only, since most news in a real store is not about the agreement. A real server
(`charterwatch serve`, uvicorn, its own process) answers sequential requests from one keep-alive
client; the baseline is a static HTML file of the overview's size served by `python -m
http.server` in the same run. Prints p50/p95 per page and the ratio of medians to the baseline,
the same for the first request after a write (when the assessment is recomputed; later requests
reuse it until the store's revision moves), then the export rate (documents/s of `/api/export`,
streamed to the end).

    python benchmarks/serve.py [--documents N] [--requests R] [--postgres URL]

PostgreSQL is used when `--postgres` or CHARTERWATCH_TEST_POSTGRES names a server where a database
may be created (`charterwatch_bench_serve`, dropped and made again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-05-11"
PAGES = [("overview /", f"/?as_of={AS_OF}"),
         ("provision page", f"/provisions/connectivity.tripp?as_of={AS_OF}"),
         ("documents API", "/api/documents?limit=50"),
         ("documents API, az, 2026-02", "/api/documents?language=az&date_from=2026-02-01&date_to=2026-02-28&limit=50"),
         ("documents page", "/documents?language=ru")]


def build_sample(folder: Path) -> str:
    from charterwatch.dedup.embedding import PassageEmbedder
    from charterwatch.pipeline import run_main_job
    from charterwatch.text.language import LanguageIdentifier
    from charterwatch.workspace import Workspace

    url = f"sqlite:///{folder / 'sample.db'}"
    with Workspace(url) as ws:
        run_main_job(ws, agreement_ref=None, as_of=dt.date(2026, 11, 25),
                     identifier=LanguageIdentifier(), embed=PassageEmbedder())
    return url


def replicate(sample_url: str, target_url: str, documents: int) -> dict:
    """Copy the sample store into ``target_url`` and grow it to ``documents`` documents."""
    from charterwatch.store.schema import Base
    from charterwatch.workspace import Workspace

    with Workspace(target_url) as ws:
        ws.load_bundled_agreements()
        for agreement_id in ("az-us-charter-2026", "az-us-mou-2025"):
            ws.sync_entities(ws.agreement(agreement_id))
    tables = Base.metadata.tables
    source, target = create_engine(sample_url), create_engine(target_url)
    with source.connect() as connection:
        rows = {name: [dict(r._mapping) for r in connection.execute(select(tables[name]))]
                for name in ("documents", "paragraphs", "copies", "evidence")}
    doc_stride = max(r["id"] for r in rows["documents"])
    par_stride = max(r["id"] for r in rows["paragraphs"])
    ev_stride = max(r["id"] for r in rows["evidence"])
    replicas = -(-documents // len(rows["documents"]))
    keep_evidence_every = 50                                # 2% of replicas carry evidence
    counts = {"documents": 0, "paragraphs": 0, "evidence": 0, "copies": 0}
    started = time.perf_counter()
    with target.begin() as connection:
        for r in range(replicas):
            docs = []
            for d in rows["documents"]:
                if counts["documents"] + len(docs) >= documents:
                    break
                key = hashlib.sha256(f"{d['source_key']}:{r}".encode()).hexdigest()
                docs.append({**d, "id": d["id"] + r * doc_stride, "source_key": key, "story_id": None,
                             "url": f"{d['url']}#{r}" if d["url"] else None})
            kept = {d["id"] - r * doc_stride for d in docs}
            paragraphs = [{**p, "id": p["id"] + r * par_stride, "document_id": p["document_id"] + r * doc_stride}
                          for p in rows["paragraphs"] if p["document_id"] in kept]
            copies = [{**c, "document_id": c["document_id"] + r * doc_stride, "original_id": c["original_id"] + r * doc_stride}
                      for c in rows["copies"] if c["document_id"] in kept and c["original_id"] in kept]
            kept_paragraphs = {p["id"] - r * par_stride for p in paragraphs}
            evidence = ([{**e, "id": e["id"] + r * ev_stride, "paragraph_id": e["paragraph_id"] + r * par_stride}
                         for e in rows["evidence"] if e["paragraph_id"] in kept_paragraphs]
                        if r % keep_evidence_every == 0 else [])
            for name, batch in (("documents", docs), ("paragraphs", paragraphs), ("copies", copies), ("evidence", evidence)):
                if batch:
                    connection.execute(insert(tables[name]), batch)
                    counts[name] += len(batch)
            if counts["documents"] >= documents:
                break
        if target.dialect.name == "postgresql":
            for name in ("documents", "paragraphs", "evidence"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
            connection.execute(text("ANALYZE"))
    counts["seconds"] = time.perf_counter() - started
    source.dispose()
    target.dispose()
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], port: int, env: dict | None = None) -> subprocess.Popen:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited: {process.stderr.read().decode()[-500:]}") from None
            time.sleep(0.1)
    raise RuntimeError(f"{' '.join(command)} did not start")


def timings(client: httpx.Client, url: str, n: int) -> list[float]:
    for _ in range(3):                                      # warm caches and the connection
        client.get(url).raise_for_status()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t) * 1000)
        response.raise_for_status()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def measure(store_url: str, label: str, requests: int, documents: int) -> None:
    port, static_port = free_port(), free_port()
    env = {**os.environ, "CHARTERWATCH_DB": store_url}
    env.pop("CHARTERWATCH_TOKEN", None)
    server = start([sys.executable, "-m", "charterwatch", "serve", "--port", str(port)], port, env)
    static_dir = tempfile.mkdtemp(prefix="cw-static-")
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(timeout=120) as client:
            overview = client.get(base + PAGES[0][1]).text
            (Path(static_dir) / "overview.html").write_text(overview, encoding="utf-8")
            static = start([sys.executable, "-m", "http.server", str(static_port), "--bind", "127.0.0.1",
                            "--directory", static_dir], static_port)
            try:
                baseline = timings(client, f"http://127.0.0.1:{static_port}/overview.html", requests)
            finally:
                static.terminate()
                static.wait()
            base_p50 = statistics.median(baseline)
            print(f"\n{label}: {documents:,} documents, {requests} sequential requests each")
            print(f"  {'page':38} {'p50 ms':>8} {'p95 ms':>8} {'p50 / static':>13}")
            print(f"  {'static file (baseline)':38} {base_p50:8.1f} {p95(baseline):8.1f} {1.0:13.1f}")
            for name, path in PAGES:
                values = timings(client, base + path, requests)
                print(f"  {name:38} {statistics.median(values):8.1f} {p95(values):8.1f} "
                      f"{statistics.median(values) / base_p50:13.1f}")
            # the first request after a write (here: another process moving the store's revision on)
            # recomputes the assessment; later ones are served from the per-revision cache
            engine = create_engine(store_url)
            for name, path in PAGES[:2]:
                cold = []
                for _ in range(max(3, requests // 4)):
                    with engine.begin() as connection:
                        connection.execute(text("UPDATE store_state SET value = value + 1 WHERE key = 'revision'"))
                    t = time.perf_counter()
                    client.get(base + path).raise_for_status()
                    cold.append((time.perf_counter() - t) * 1000)
                print(f"  {name + ', first after a write':38} {statistics.median(cold):8.1f} {max(cold):8.1f} "
                      f"{statistics.median(cold) / base_p50:13.1f}   (p95 column: max)")
            engine.dispose()
            rates = []
            for _ in range(3):
                started, exported = time.perf_counter(), 0
                with client.stream("GET", base + f"/api/export?as_of={AS_OF}") as response:
                    for line in response.iter_lines():
                        exported += line.startswith("{\"type\": \"document\"")
                rates.append(exported / (time.perf_counter() - started))
            print(f"  export: {exported:,} documents streamed, median {statistics.median(rates):,.0f} documents/s "
                  f"(whole stream incl. evidence, stories, provisions; 3 runs)")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--postgres", default=os.environ.get("CHARTERWATCH_TEST_POSTGRES"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cw-bench-serve-") as work:
        folder = Path(work)
        sample = build_sample(folder)
        stores = [("SQLite", f"sqlite:///{folder / 'big.db'}")]
        if args.postgres:
            base = make_url(args.postgres).set(drivername="postgresql+psycopg")
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text('DROP DATABASE IF EXISTS "charterwatch_bench_serve" WITH (FORCE)'))
                connection.execute(text('CREATE DATABASE "charterwatch_bench_serve"'))
            admin.dispose()
            stores.append(("PostgreSQL", base.set(database="charterwatch_bench_serve").render_as_string(hide_password=False)))
        else:
            print("PostgreSQL: skipped (no --postgres and no CHARTERWATCH_TEST_POSTGRES)")
        for label, url in stores:
            counts = replicate(sample, url, args.documents)
            print(f"{label}: built {counts['documents']:,} documents, {counts['paragraphs']:,} paragraphs, "
                  f"{counts['copies']:,} copy links, {counts['evidence']:,} evidence links in {counts['seconds']:.0f} s")
            measure(url, label, args.requests, counts["documents"])


if __name__ == "__main__":
    main()

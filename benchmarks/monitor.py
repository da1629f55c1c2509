"""One monitoring cycle on stores of 1k, 10k and 100k documents, on SQLite (and PostgreSQL).

The store: the bundled sample news, read and understood as the main job does, then replicated to N
documents, spread over the two years before the sample. Each replica's paragraphs are perturbed (about every other word replaced) so that
replicas are not copies of each other, and the embedding cache holds their vectors as a store that
had read them would; their understanding rows are copied and the copy links found once over the
grown store, so the store is fully understood before the cycle. Evidence is kept for
2% of the replicas (most news in a real store is not about the agreement).

The cycle: 10 new reports (a JSONL file: the energy working group's roadmap in four languages, and
other items) through `charterwatch ingest --defer` then `charterwatch understand`, each in its own
process as a user runs it, so the two parts are timed apart: wall time, peak RSS, and how many
documents were understood. The baseline, measured in the same run, is the same cycle on
a store holding only the agreements. Then `charterwatch understand --all` on the 1k and 10k stores
(at 100k only with --all-at-100k; it reads every document again).

    python benchmarks/monitor.py [--sizes 1000,10000,100000] [--postgres URL] [--skip-sqlite] [--all-at-100k]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from serve import build_sample  # noqa: E402  (the same sample store as the serving benchmark)

REPORTS = ROOT / "tests" / "fixtures" / "monitor" / "energy-roadmap.jsonl"
EXTRA = [
    {"url": "https://bench.example/1", "outlet": "Bench Daily", "published": "2026-11-24",
     "title": "Security working group meets in Washington",
     "text": "The security and defence working group of Azerbaijan and the United States met in Washington on 23 "
             "November to discuss demining and patrol boats, the State Department said."},
    {"url": "https://bench.example/2", "outlet": "Bench Daily", "published": "2026-11-24",
     "title": "City council approves a new park",
     "text": "The city council approved plans for a new park by the river, with a playground and a cycle path."},
    {"url": "https://bench.example/3", "outlet": "Другая газета", "published": "2026-11-25",
     "title": "Азербайджан и США обсудили разминирование",
     "text": "Азербайджан и США обсудили гуманитарное разминирование в рамках Хартии о стратегическом партнерстве."},
    {"url": "https://bench.example/4", "outlet": "Başqa Qəzet", "published": "2026-11-25", "title": "Hava proqnozu",
     "text": "Sabah Bakıda hava buludlu olacaq, axşam saatlarında yağış gözlənilir."},
]


def _perturb(paragraph: str, replica: int) -> str:
    """About every other word replaced, the same way for the same word within a replica (so the
    sample's copies stay copies of each other) and differently in every replica."""
    def swap(word: str) -> str:
        digest = hashlib.sha256(f"{replica}:{word}".encode()).hexdigest()
        return f"{word[:3]}{digest[:6]}" if int(digest[6:8], 16) % 2 == 0 else word

    return " ".join(swap(w) for w in paragraph.split(" "))


def replicate(sample_url: str, target_url: str, documents: int) -> dict:
    """Grow ``target_url`` to ``documents`` understood documents from the sample store."""
    from charterwatch.dedup.embedding import MODEL_NAME
    from charterwatch.store.schema import Base
    from charterwatch.workspace import Workspace

    with Workspace(target_url) as ws:
        ws.load_bundled_agreements()
    tables = Base.metadata.tables
    source, target = create_engine(sample_url), create_engine(target_url)
    with source.connect() as connection:
        rows = {name: [dict(r._mapping) for r in connection.execute(select(tables[name]))]
                for name in ("documents", "paragraphs", "copies", "evidence", "understanding", "embeddings",
                             "entities", "entity_variants", "store_state")}
    vectors = {r["text_sha256"]: r["vector"] for r in rows["embeddings"] if r["model"] == MODEL_NAME}
    doc_stride = max(r["id"] for r in rows["documents"])
    par_stride = max(r["id"] for r in rows["paragraphs"])
    ev_stride = max(r["id"] for r in rows["evidence"])
    replicas = -(-documents // len(rows["documents"]))
    counts = {"documents": 0, "paragraphs": 0, "evidence": 0}
    cached: set[str] = set()
    started = time.perf_counter()
    with target.begin() as connection:
        for name in ("entities", "entity_variants"):          # the sample's names, as a store that read it
            connection.execute(tables[name].delete())
            connection.execute(insert(tables[name]), rows[name])
        names = next((r for r in rows["store_state"] if r["key"] == "names"), None)
        if names:
            connection.execute(insert(tables["store_state"]), [names])
        for r in range(replicas):
            docs, paragraphs, embeddings = [], [], {}
            for d in rows["documents"]:
                if counts["documents"] + len(docs) >= documents:
                    break
                key = hashlib.sha256(f"{d['source_key']}:{r}".encode()).hexdigest()
                # replicas spread over two years before the sample, as a store's back-catalogue is
                published = d["published"] - dt.timedelta(days=1 + r % 730) if d["published"] and r else d["published"]
                docs.append({**d, "id": d["id"] + r * doc_stride, "source_key": key, "story_id": None,
                             "url": f"{d['url']}#{r}" if d["url"] else None, "published": published})
            kept = {d["id"] - r * doc_stride for d in docs}
            texts: dict[int, list[str]] = {}
            for p in rows["paragraphs"]:
                if p["document_id"] not in kept:
                    continue
                changed = p["text"] if r == 0 else _perturb(p["text"], r)
                original = hashlib.sha256(p["text"].encode()).hexdigest()
                digest = hashlib.sha256(changed.encode()).hexdigest()
                if original in vectors and digest not in cached:
                    embeddings[digest] = vectors[original]
                    cached.add(digest)
                paragraphs.append({**p, "id": p["id"] + r * par_stride, "document_id": p["document_id"] + r * doc_stride,
                                   "text": changed})
                texts.setdefault(p["document_id"], []).append(changed)
            for d in docs:
                d["text"] = "\n\n".join(texts.get(d["id"] - r * doc_stride, []))
            copies = [{**c, "document_id": c["document_id"] + r * doc_stride, "original_id": c["original_id"] + r * doc_stride}
                      for c in rows["copies"] if c["document_id"] in kept and c["original_id"] in kept]
            kept_paragraphs = {p["id"] - r * par_stride for p in paragraphs}
            evidence = ([{**e, "id": e["id"] + r * ev_stride, "paragraph_id": e["paragraph_id"] + r * par_stride}
                         for e in rows["evidence"] if e["paragraph_id"] in kept_paragraphs] if r % 50 == 0 else [])
            understanding = [{**u, "document_id": u["document_id"] + r * doc_stride,
                              "copy_of": u["copy_of"] + r * doc_stride if u["copy_of"] else None}
                             for u in rows["understanding"] if u["document_id"] in kept]
            cache = [{"text_sha256": k, "model": MODEL_NAME, "vector": v} for k, v in embeddings.items()]
            for name, batch in (("documents", docs), ("paragraphs", paragraphs), ("copies", copies), ("evidence", evidence),
                                ("understanding", understanding), ("embeddings", cache)):
                if batch:
                    connection.execute(insert(tables[name]), batch)
                    if name in counts:
                        counts[name] += len(batch)
            if counts["documents"] >= documents:
                break
        if target.dialect.name == "postgresql":
            for name in ("documents", "paragraphs", "evidence", "entities", "entity_variants"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))
            connection.execute(text("ANALYZE"))
    # the sample's own embeddings (replica 0 keeps the sample's texts)
    with target.begin() as connection:
        known = set(connection.execute(select(tables["embeddings"].c.text_sha256)).scalars())
        missing = [e for e in rows["embeddings"] if e["text_sha256"] not in known]
        if missing:
            connection.execute(insert(tables["embeddings"]), missing)
    source.dispose()
    target.dispose()
    settle(target_url)
    counts["seconds"] = time.perf_counter() - started
    return counts


def settle(url: str) -> None:
    """Find copies across the grown store once and record them as understood, as in a store whose
    cycles had kept up (replicas are near each other, so the sample's copy links alone are not the
    store's own)."""
    from charterwatch.dedup.copies import find_copies
    from charterwatch.dedup.embedding import PassageEmbedder
    from charterwatch.pipeline import cached_embedder
    from charterwatch.workspace import Workspace

    with Workspace(url) as ws:
        ws.replace_copies(find_copies(ws.dedup_documents(), embed=cached_embedder(ws, PassageEmbedder())))
        with ws.transaction() as session:
            session.execute(text("UPDATE understanding SET copy_of = (SELECT original_id FROM copies "
                                 "WHERE copies.document_id = understanding.document_id)"))


MEASURE = ("import resource, sys\n"
           "from charterwatch.cli import main\n"
           "sys.argv = ['charterwatch'] + sys.argv[1:]\n"
           "try:\n    main()\n"
           "finally:\n    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")


def run(args: list[str], db: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB, stdout) of one command in its own process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    env.update(CHARTERWATCH_DB=db, NO_COLOR="1", COLUMNS="200")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, env=env, timeout=3600)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"charterwatch {' '.join(args)}: {done.stderr[-800:]}")
    rss = next((int(line.split()[1]) / 1024 for line in done.stderr.splitlines() if line.startswith("MAXRSS")), float("nan"))
    return seconds, rss, done.stdout


def cycle(db: str, items: Path) -> dict:
    """The cycle as two commands, to tell its parts apart: `ingest --defer` (read, clean, store, find
    copies across the store) and `understand` (names, relevance, evidence, stories, assessment)."""
    ingest_seconds, ingest_rss, _ = run(["ingest", str(items), "--defer", "--json"], db)
    seconds, rss, out = run(["understand", "--json"], db)
    summary = json.loads(out)
    return {"seconds": ingest_seconds + seconds, "ingest": ingest_seconds, "understand": seconds,
            "rss": max(rss, ingest_rss), "understood": summary["understanding"]["documents"],
            "changes": len(summary["changes"])}


def stores(kind: str, folder: Path, name: str, postgres: str | None) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / f'{name}.db'}"
    base = make_url(postgres)
    admin = create_engine(base.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "cw_bench_{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "cw_bench_{name}"'))
    admin.dispose()
    return base.set(drivername="postgresql+psycopg", database=f"cw_bench_{name}").render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--postgres", default=os.environ.get("CHARTERWATCH_TEST_POSTGRES"))
    parser.add_argument("--all-at-100k", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        items = folder / "new.jsonl"
        lines = REPORTS.read_text(encoding="utf-8").splitlines() + [json.dumps(e, ensure_ascii=False) for e in EXTRA]
        items.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("building the sample store ... ", end="", flush=True)
        sample = build_sample(folder)
        print("done")
        kinds = ([] if args.skip_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
        for kind in kinds:
            baseline_db = stores(kind, folder, "baseline", args.postgres)
            from charterwatch.workspace import Workspace

            with Workspace(baseline_db) as ws:
                ws.load_bundled_agreements()
            base = cycle(baseline_db, items)
            print(f"\n{kind}: baseline (a store with the agreements only): 10-item cycle {base['seconds']:.1f} s "
                  f"(ingest {base['ingest']:.1f} s + understand {base['understand']:.1f} s), peak {base['rss']:.0f} MiB, "
                  f"{base['understood']} understood, {base['changes']} changes")
            first = None
            for size in sizes:
                db = stores(kind, folder, f"s{size}", args.postgres)
                grown = replicate(sample, db, size)
                result = cycle(db, items)
                first = first or result
                line = (f"  {size:>7} documents ({grown['paragraphs']} paragraphs, built in {grown['seconds']:.0f} s): "
                        f"10-item cycle {result['seconds']:.1f} s = ingest {result['ingest']:.1f} s + understand "
                        f"{result['understand']:.1f} s ({result['seconds'] / base['seconds']:.2f}x the baseline; "
                        f"understand {result['understand'] / first['understand']:.2f}x, ingest "
                        f"{result['ingest'] / first['ingest']:.2f}x the smallest store's), peak {result['rss']:.0f} MiB, "
                        f"understood {result['understood']}, {result['changes']} changes")
                if size < 100_000 or args.all_at_100k:
                    seconds, rss, _ = run(["understand", "--all", "--json"], db)
                    line += f"; understand --all {seconds:.1f} s, peak {rss:.0f} MiB"
                print(line, flush=True)


if __name__ == "__main__":
    main()

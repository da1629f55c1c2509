"""Bulk JSONL import: a generated file of about 2 GiB through `charterwatch ingest FILE --defer`,
with the command's peak memory, against reading and parsing the same lines alone in the same run.

Items are news pages as they come from a crawl: a short article inside ~1 MiB of inline script and
style, so the file is large while the article count (about 2,000) keeps the run to minutes. Every
item has its own URL and body, so nothing is skipped as already stored.

    python benchmarks/bulk.py            # 2 GiB
    python benchmarks/bulk.py --gib 0.2  # a quicker look
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT_BYTES = 1_000_000


def item(i: int) -> str:
    article = "".join(f"<p>Item {i}, paragraph {k}: the working group on connectivity reviewed stage {i * 5 + k} "
                      f"of the corridor programme in Baku, officials said on day {i % 300 + k}.</p>" for k in range(5))
    names = ("alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta")
    script = "".join(f"function {names[k % 8]}{names[(i + k) % 8]}(e){{return e.{names[(k * 3) % 8]}||e.t;}}"
                     for k in range(SCRIPT_BYTES // 40))
    html = (f"<html><head><title>Item {i}</title><style>.x{{color:red}}</style><script>{script}</script></head>"
            f"<body><article><h1>Item {i}</h1>{article}</article></body></html>")
    return json.dumps({"url": f"https://bulk.example/{i}", "title": f"Item {i}", "published": "2026-04-01",
                       "outlet": "Bulk Example", "html": html})


def write_file(path: Path, target_bytes: int) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < target_bytes:
            out.write(item(count) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=2.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bulk.jsonl"
        count = write_file(path, int(args.gib * 1024 ** 3))
        size = path.stat().st_size

        start = time.perf_counter()
        with path.open("rb") as handle:
            parsed = sum(1 for raw in handle if json.loads(raw))
        alone = time.perf_counter() - start
        assert parsed == count

        env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
        env["CHARTERWATCH_DB"] = f"sqlite:///{Path(tmp) / 'bulk.db'}"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "charterwatch", "ingest", str(path), "--defer", "--json"],
                              capture_output=True, text=True, env=env)
        whole = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"ingest failed: {done.stderr.strip()}")
        summary = json.loads(done.stdout)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"bulk JSONL: {size / 1024 ** 3:.2f} GiB, {count} items of ~{size / count / 1e6:.1f} MB")
    print(f"  baseline, read and parse every line alone : {alone:7.1f} s  ({count / alone:7.1f} items/s)")
    print(f"  charterwatch ingest --defer               : {whole:7.1f} s  ({count / whole:7.1f} items/s), "
          f"{summary['added']} added, {summary['rejected']} rejected")
    print(f"  peak memory of the ingest                 : {peak_mib:7.0f} MiB (the file is {size / 1024 ** 2:.0f} MiB; "
          f"target under 500 MiB)")


if __name__ == "__main__":
    main()

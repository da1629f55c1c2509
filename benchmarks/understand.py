"""Linking speed and the linker's calibration, on 2 cores. Prints figures only.

- paragraphs/s of `link_passages` on the labelled set (evaluation/evidence.jsonl, 258 paragraphs in
  four languages) with a cold embedder, against the keyword/entity pass alone in the same run (the
  calibrated linker embeds every paragraph of a relevant document: the semantic path needs it);
- the same on the bundled sample news, through `understand` (documents the relevance gate refuses
  are never embedded);
- evidence precision/recall per language and event accuracy on the labelled set at the shipped
  per-language thresholds and at single cuts around them.

    python benchmarks/understand.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from charterwatch.agreement import load_bundled_agreement
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.evaluation import score_evidence
from charterwatch.link import evidence as linking
from charterwatch.pipeline import ingest_raw_documents, read_paths, sample_news_folder, understand
from charterwatch.text.language import LanguageIdentifier
from charterwatch.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"cores available: {os.cpu_count()}")
    charter = load_bundled_agreement()
    lexicon = Lexicon.from_agreement(charter)
    rows = [json.loads(line) for line in (ROOT / "evaluation" / "evidence.jsonl").read_text(encoding="utf-8").splitlines()]
    paragraphs = [linking.ParagraphInput(i, r["text"], r["language"],
                                         dt.date.fromisoformat(r["published"]) if r.get("published") else None)
                  for i, r in enumerate(rows)]
    mou = load_bundled_agreement("az-us-mou-2025")
    index = linking.ProvisionIndex(charter, lexicon, PassageEmbedder(), others=[charter, mou])

    def signals_only():
        for p in paragraphs:
            linking._keyword_hits(p.text, index)
            find_mentions(p.text, lexicon)

    def cold_link():
        index.embed = PassageEmbedder()  # no memoised vectors: every candidate goes through the model
        linking.link_passages(paragraphs, index)

    base = median_seconds(signals_only)
    full = median_seconds(cold_link)
    n = len(paragraphs)
    print(f"\nlabelled set: {n} paragraphs")
    print(f"  baseline, keywords + names only : {n / base:8.1f} paragraphs/s")
    print(f"  link_passages, cold embedder    : {n / full:8.1f} paragraphs/s ({full / base:.0f}x the baseline's time)")
    print(f"  reach the embedding model       : {index.last_candidates} of {n} ({index.last_candidates / n:.0%})")

    from dataclasses import replace

    shipped = index.model
    print("\ncalibration on our own set (precision per language; recall; event accuracy)")
    print(f"  shipped thresholds: {shipped.thresholds}")
    for name, thresholds in [("shipped", shipped.thresholds)] + [(f"cut {c:.2f}", {"default": c}) for c in (0.5, 0.7, 0.9, 0.97)]:
        index.model = replace(shipped, thresholds=thresholds)
        scores = score_evidence(linking.link_passages(paragraphs, index), rows)
        precision = ", ".join(f"{k} {v:.3f}" for k, v in scores.precision.items())
        recall = ", ".join(f"{k} {v:.2f}" for k, v in scores.recall.items())
        print(f"  {name:>9}: P {precision} | R {recall} (all {scores.recall_overall:.3f}) | events {scores.event_accuracy:.3f}")
    index.model = shipped

    with tempfile.TemporaryDirectory() as tmp, Workspace(f"sqlite:///{Path(tmp) / 'u.db'}") as workspace:
        embed = PassageEmbedder()
        workspace.load_bundled_agreements()
        ingest_raw_documents(workspace, read_paths([sample_news_folder()]), as_of=dt.date(2026, 11, 25),
                             identifier=LanguageIdentifier(), embed=embed)
        start = time.perf_counter()
        report = understand(workspace, [charter, mou], embed=embed)
        seconds = time.perf_counter() - start
    print(f"\nsample news: {report.paragraphs} paragraphs (originals and copies) understood in {seconds:.2f} s "
          f"({report.paragraphs / seconds:.1f} paragraphs/s, names + links + stories, warm embedding cache)")
    print(f"  reach the linker (relevant documents): {report.candidates} of {report.paragraphs} "
          f"({report.candidates / report.paragraphs:.0%}); "
          f"{report.evidence} evidence links; {report.stories} stories; {report.on_topic} documents on topic, "
          f"{report.off_topic} off")


if __name__ == "__main__":
    main()

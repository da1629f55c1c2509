"""Ingest speed and the copy-detection cascade. Prints figures only.

1. 300 generated HTML pages (site chrome around 3–6 paragraphs drawn from evaluation/language.jsonl,
   in all four languages, with metadata dates): the whole ingest (read, trafilatura, boilerplate,
   languages, dates, store, copies without translation checks) against trafilatura alone on the
   same HTML, in the same run.
2. The bundled sample news: read/clean/full ingest with translation checks, one more item into a
   populated store, and how many pairs each step of the copy cascade lets through.
3. Short lines' language (under 40 characters, labelled en/az/tr/ru: evaluation/language.jsonl and,
   when ../shared is beside the repository, the real short paragraphs and headlines of
   ../shared/realnews) against lingua alone restricted to the four languages.
4. With ``--pages DIR``: a regression set of real pages in Mozilla Readability's test-page layout
   (``DIR/NAME/source.html``, ``expected.html`` or ``expected.txt``, optionally
   ``expected-metadata.json`` with ``publishedTime``; ``bash scripts/regression-pages`` lays out one): main-text F1 (bags of words) of charterwatch's cleaning against trafilatura
   alone, and dates right/wrong against htmldate alone. Third-party pages stay outside the repository.

Figures are medians of 3 runs in one process; ratios are against a baseline from the same run.
How copy detection grows to 100k documents: benchmarks/copies_scale.py.

    python benchmarks/ingest.py [--pages DIR]    # default DIR: ~/.cache/charterwatch-regression
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from itertools import combinations
from pathlib import Path

from charterwatch.dedup.copies import exact_pairs, shingle_pairs, translation_candidates
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.pipeline import ingest_raw_documents, read_paths, sample_news_folder
from charterwatch.text.clean import clean_document
from charterwatch.text.language import LanguageIdentifier
from charterwatch.text.model import RawDocument
from charterwatch.workspace import Workspace

AS_OF = dt.date(2026, 11, 25)


def raws_text_variant(k: int) -> str:
    return (f"Sample benchmark item {k}\n\nBaku, {k + 2} March 2026 — The working group on energy met for the {k + 3}rd time "
            f"to discuss an interconnector, officials said.\nThey agreed to meet again within {k + 4} weeks.\n")


def median_seconds(action, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_pages(folder: Path, n: int = 300) -> None:
    import json
    import random

    rows = [json.loads(line) for line in (Path(__file__).resolve().parent.parent / "evaluation" / "language.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    sentences = [r["text"] for r in rows if r["language"] in ("en", "az", "tr", "ru") and len(r["text"]) > 60]
    rng = random.Random(3)
    for i in range(n):
        body = "".join(f"<p>{' '.join(rng.sample(sentences, 2))}</p>" for _ in range(rng.randint(3, 6)))
        day = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
        (folder / f"page-{i:04d}.html").write_text(
            f"<html><head><title>Item {i}</title><meta property='article:published_time' content='{day}T10:00:00'>"
            f"<meta property='og:site_name' content='Generated News'></head><body><nav><a href='/'>Home</a>"
            f"<a href='/politics'>Politics</a></nav><article><h1>Item {i}</h1>{body}</article>"
            f"<aside><h2>Latest news</h2><ul><li>Other story</li></ul></aside>"
            f"<footer>Subscribe to our newsletter. © 2026 Generated News</footer></body></html>", encoding="utf-8")


def html_throughput(identifier: LanguageIdentifier) -> None:
    import trafilatura

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        generated_pages(folder)
        raws = read_paths([folder])
        pages = [r.content for r in raws]
        n = len(pages)
        alone = median_seconds(lambda: [trafilatura.bare_extraction(p, with_metadata=True, favor_precision=True)
                                        for p in pages])

        def whole(run=[0]):  # noqa: B006 - a counter for fresh store names
            run[0] += 1
            with Workspace(f"sqlite:///{Path(tmp) / f'w{run[0]}.db'}") as ws:
                ingest_raw_documents(ws, read_paths([folder]), as_of=AS_OF, identifier=identifier, embed=None)

        full = median_seconds(whole)
    print(f"{n} generated HTML pages (4 languages, site chrome, metadata dates)")
    print(f"  baseline, trafilatura alone       : {alone:6.2f} s  ({n / alone:6.1f} documents/s)")
    print(f"  whole ingest, no translation check: {full:6.2f} s  ({n / full:6.1f} documents/s, "
          f"{full / alone:.2f}x the baseline's time)\n")


def short_line_language(identifier: LanguageIdentifier) -> None:
    import json
    import re

    from lingua import LanguageDetectorBuilder

    from charterwatch.text.language import OURS

    root = Path(__file__).resolve().parent.parent
    lines = [(r["text"], r["language"]) for r in map(json.loads, (root / "evaluation" / "language.jsonl")
                                                      .read_text(encoding="utf-8").splitlines())
             if r["language"] in OURS.values() and len(r["text"]) < 40]
    own = len(lines)
    real = root.parent / "shared" / "realnews" / "articles.jsonl"
    if real.is_file():
        for article in map(json.loads, real.read_text(encoding="utf-8").splitlines()):
            if article["language"] not in OURS.values():
                continue
            for text in [article.get("title") or "", *article["text"].split("\n\n")]:
                if 0 < len(text) < 40 and len(re.findall(r"[^\W\d_]", text)) >= 4:
                    lines.append((text, article["language"]))
    four = LanguageDetectorBuilder.from_languages(*OURS).build()
    alone = sum(1 for text, lang in lines if OURS.get(four.detect_language_of(text)) == lang)
    ours = sum(1 for text, lang in lines if identifier.detect(text).language == lang)
    print(f"short lines' language ({len(lines)} lines under 40 characters in en/az/tr/ru: {own} own, "
          f"{len(lines) - own} real)")
    print(f"  baseline, lingua alone (the four languages) : {alone / len(lines):.3f}")
    print(f"  charterwatch (four languages and decoys)    : {ours / len(lines):.3f}\n")


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.casefold())


def _f1(found: str, expected: str) -> tuple[float, float, float]:
    from collections import Counter

    a, b = Counter(_words(found)), Counter(_words(expected))
    common = sum((a & b).values())
    p = common / sum(a.values()) if a else 0.0
    r = common / sum(b.values()) if b else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def regression_pages(folder: Path, identifier: LanguageIdentifier) -> None:
    import json

    import htmldate
    import lxml.html
    import trafilatura

    pages = sorted(p for p in folder.iterdir() if (p / "source.html").is_file()
                   and ((p / "expected.html").is_file() or (p / "expected.txt").is_file()))
    if not pages:
        print(f"--pages {folder}: no NAME/source.html with NAME/expected.html or expected.txt inside")
        return
    ours_prf, alone_prf = [], []
    dates = {"ours": [0, 0], "alone": [0, 0]}
    labelled = 0
    for page in pages:
        html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        expected = (lxml.html.fromstring((page / "expected.html").read_bytes()).text_content()
                    if (page / "expected.html").is_file() else (page / "expected.txt").read_text(encoding="utf-8"))
        raw = RawDocument(source_key=page.name, input_format="html", content=html, origin="file")
        cleaned = clean_document(raw, identifier=identifier, as_of=dt.date.today())
        ours_prf.append(_f1(getattr(cleaned, "text", ""), expected))
        alone_prf.append(_f1(trafilatura.extract(html) or "", expected))
        meta = page / "expected-metadata.json"
        published = json.loads(meta.read_text(encoding="utf-8")).get("publishedTime") if meta.is_file() else None
        if published:
            labelled += 1
            truth = published[:10]
            for name, found in (("ours", getattr(cleaned, "published", None)), ("alone", htmldate.find_date(html))):
                if found:
                    dates[name][0 if str(found)[:10] == truth else 1] += 1

    def mean(rows, k):
        return sum(r[k] for r in rows) / len(rows)

    print(f"regression pages ({len(pages)} in {folder})")
    for name, rows in (("baseline, trafilatura alone", alone_prf), ("charterwatch cleaning", ours_prf)):
        print(f"  {name:28}: text F1 {mean(rows, 2):.3f} (P {mean(rows, 0):.3f} R {mean(rows, 1):.3f})")
    print(f"  dates on {labelled} labelled pages: htmldate alone {dates['alone'][0]} right / {dates['alone'][1]} wrong; "
          f"charterwatch {dates['ours'][0]} right / {dates['ours'][1]} wrong\n")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, default=Path.home() / ".cache" / "charterwatch-regression",
                        help="a folder of real pages in Readability's test-page layout "
                             "(default: where scripts/regression-pages lays them out)")
    args = parser.parse_args()
    folder = sample_news_folder()
    raws = read_paths([folder])
    identifier, embed = LanguageIdentifier(), PassageEmbedder()
    identifier.detect("warm up the language models once " * 3)
    html_throughput(identifier)
    short_line_language(identifier)
    if args.pages.is_dir():
        regression_pages(args.pages, identifier)
    else:
        print(f"no regression pages in {args.pages} (bash scripts/regression-pages lays them out)\n")
    n = len(raws)

    read = median_seconds(lambda: read_paths([folder]))
    clean = median_seconds(lambda: [clean_document(r, identifier=identifier, as_of=AS_OF) for r in raws])

    def full_ingest():
        with tempfile.TemporaryDirectory() as tmp, Workspace(f"sqlite:///{Path(tmp) / 'b.db'}") as ws:
            ingest_raw_documents(ws, raws, as_of=AS_OF, identifier=identifier, embed=PassageEmbedder())

    full = median_seconds(full_ingest)
    print(f"{n} inputs from the bundled sample news")
    print(f"  baseline, read + decode files : {read * 1000:8.1f} ms  ({n / read:7.1f} inputs/s)")
    print(f"  clean (extract, boilerplate, languages, dates) : {clean * 1000:8.1f} ms  ({n / clean:7.1f} inputs/s, "
          f"{clean / read:.1f}x baseline)")
    print(f"  full ingest into a new SQLite store, incl. copies and a cold embedder : {full * 1000:8.1f} ms  "
          f"({n / full:7.1f} inputs/s, {full / read:.1f}x baseline)")

    with tempfile.TemporaryDirectory() as tmp, Workspace(f"sqlite:///{Path(tmp) / 'c.db'}") as ws:
        ingest_raw_documents(ws, raws, as_of=AS_OF, identifier=identifier, embed=embed)
        docs = ws.dedup_documents()
        # One more item into the populated store: copies are re-checked across the whole store, but
        # the stored embeddings spare the model everything except the new paragraphs.
        extra = [RawDocument(source_key=f"bench-{k}", input_format="text", origin="file",
                             content=raws_text_variant(k)) for k in range(3)]
        timings = []
        for raw in extra:
            start = time.perf_counter()
            ingest_raw_documents(ws, [raw], as_of=AS_OF, identifier=identifier, embed=PassageEmbedder())
            timings.append(time.perf_counter() - start)
        print(f"  one more item into the populated store (warm embedding cache, cold model) : "
              f"{statistics.median(timings) * 1000:8.1f} ms  ({statistics.median(timings) / full:.2f}x the full ingest)")
    all_pairs = len(list(combinations(docs, 2)))
    exact = exact_pairs(docs)
    linked = {frozenset((p.a, p.b)) for p in exact}
    shingled = shingle_pairs(docs, linked)
    linked |= {frozenset((p.a, p.b)) for p in shingled}
    candidates = translation_candidates(docs, linked)
    paragraphs = {p.text for a, b in candidates for p in (*a.paragraphs, *b.paragraphs)}
    total_paragraphs = sum(len(d.paragraphs) for d in docs)
    print("\ncopy-detection cascade")
    print(f"  document pairs                         : {all_pairs}")
    print(f"  linked by hash (exact)                 : {len(exact)}")
    print(f"  linked by shingles (near/partial)      : {len(shingled)}")
    print(f"  pairs sent to the embedding model      : {len(candidates)} ({len(candidates) / all_pairs:.0%} of all pairs)")
    print(f"  paragraphs embedded                    : {len(paragraphs)} of {total_paragraphs} "
          f"({len(paragraphs) / total_paragraphs:.0%})")


if __name__ == "__main__":
    main()

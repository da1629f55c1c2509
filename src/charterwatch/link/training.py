"""Fitting the linker (used by ``scripts/train-linker`` and ``benchmarks/accuracy.py``).

Labelled paragraphs come from two kinds of set: our own (``evaluation/evidence.jsonl``: single
paragraphs, no document) and real news (``../shared/realnews``: whole articles with dates, labelled
per paragraph and per article). Each labelled paragraph is a candidate for every provision of an
agreement; a provision the label lists under ``also`` (named in passing) is left out of training
and scoring. Folds keep an article's paragraphs together, so cross-validated figures never score
an article the model was fitted on.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from charterwatch.agreement.model import Agreement
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.link.evidence import ParagraphInput, ProvisionIndex, candidate_features, prepare
from charterwatch.link.model import FEATURES, LANGUAGES, LinkerModel, own_signal
from charterwatch.link.relevance import document_relevance, on_topic, party_entities, party_people, predecessor_patterns

#: Precision each language's threshold is chosen for, on cross-validated predictions.
TARGET_PRECISION = 0.90


@dataclass(frozen=True)
class LabelledParagraph:
    group: str                    # the article (folds keep it whole)
    document: str | None
    text: str
    language: str
    published: dt.date | None
    title: str | None
    provisions: frozenset[str]
    also: frozenset[str]
    event: str | None


def lexicon_of(agreements: list[Agreement]) -> Lexicon:
    entities = {}
    for a in agreements:
        for e in a.entities:
            entities.setdefault(e.id, (e.id, e.type, [e.name, *e.variants]))
    return Lexicon(entities.values())


def realnews_paragraphs(articles: list[dict], identifier) -> list[LabelledParagraph]:
    out = []
    for article in articles:
        labels = {p["index"]: p for p in article["paragraphs"]}
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        for i, text in enumerate(article["text"].split("\n\n")):
            if not text.strip():
                continue
            label = labels.get(i, {})
            out.append(LabelledParagraph(article["url"], article["url"], text, identifier.detect(text).language,
                                         published, article.get("title"), frozenset(label.get("provisions", [])),
                                         frozenset(label.get("also", [])), label.get("event")))
    return out


def own_paragraphs(rows: list[dict]) -> list[LabelledParagraph]:
    return [LabelledParagraph(f"own:{row.get('source', i)}", None, row["text"], row["language"], None, None,
                              frozenset(row["provisions"]), frozenset(row.get("also", [])), row.get("event"))
            for i, row in enumerate(rows)]


def _verdicts(rows: list[LabelledParagraph], agreement: Agreement, lexicon: Lexicon,
              agreements: list[Agreement]) -> dict:
    """Each real article's :class:`Relevance` for ``agreement`` (the gate, as the pipeline runs it)."""
    party_of, people = party_entities(agreements), party_people(agreements)
    by_id = {a.id: a for a in agreements}
    earlier = predecessor_patterns(agreement, by_id.get(agreement.agreement.builds_on or ""))
    projects = {m.entity for p in agreement.provisions for words in p.keywords.values() for kw in words
                for m in find_mentions(kw, lexicon) if lexicon.types.get(m.entity) == "project"}
    documents: dict[str, list[LabelledParagraph]] = defaultdict(list)
    for row in rows:
        if row.document is not None:
            documents[row.document].append(row)
    scores = {}
    for document, members in documents.items():
        text = "\n\n".join([members[0].title or "", *(m.text for m in members)])
        scores[document] = document_relevance(agreement, text=text, published=members[0].published,
                                              mentions=find_mentions(text, lexicon), party_of=party_of,
                                              project_entities=projects, earlier=earlier, people=people)
    return scores


def paragraph_inputs(rows: list[LabelledParagraph], agreement: Agreement, lexicon: Lexicon,
                     agreements: list[Agreement]) -> list[ParagraphInput]:
    """Inputs as the pipeline builds them: each real article through every agreement's relevance gate."""
    verdicts = {a.id: _verdicts(rows, a, lexicon, agreements) for a in agreements}
    scores = {a: {url: v.score for url, v in found.items()} for a, found in verdicts.items()}
    inputs = []
    for k, row in enumerate(rows):
        relevance = scores[agreement.id].get(row.document, 1.0) if row.document else 1.0
        exclusive = bool(row.document) and relevance > 0 and not any(
            scores[a.id].get(row.document, 0.0) > 0 for a in agreements if a.id != agreement.id)
        own = verdicts[agreement.id].get(row.document) if row.document else None
        inputs.append(ParagraphInput(k, row.text, row.language, row.published, row.document, relevance, row.title,
                                     exclusive, bool(own and own.at_signing)))
    return inputs


@dataclass
class CandidateTable:
    features: np.ndarray
    labels: np.ndarray            # 1 evidence, 0 not, -1 named in passing (left out)
    groups: list[str]
    languages: list[str]
    paragraph: np.ndarray         # index into the rows
    provision: list[str]


def candidate_table(rows: list[LabelledParagraph], agreement: Agreement, lexicon: Lexicon, embed,
                    agreements: list[Agreement]) -> CandidateTable:
    by_id = {a.id: a for a in agreements}
    index = ProvisionIndex(agreement, lexicon, embed, model=_UNFITTED,
                           predecessor=by_id.get(agreement.agreement.builds_on or ""), others=agreements)
    inputs = paragraph_inputs(rows, agreement, lexicon, agreements)
    candidates = prepare(inputs, index)
    features = candidate_features(candidates, index)
    ids = [p.id for p in index.provisions]
    labels, groups, languages, paragraph, provision = [], [], [], [], []
    for c in candidates:
        row = rows[c.paragraph.key]
        for pid in ids:
            labels.append(1 if pid in row.provisions else (-1 if pid in row.also else 0))
            groups.append(row.group)
            languages.append(row.language)
            paragraph.append(c.paragraph.key)
            provision.append(pid)
    return CandidateTable(features, np.asarray(labels), groups, languages, np.asarray(paragraph), provision)


_UNFITTED = LinkerModel(np.zeros(len(FEATURES)), 0.0, np.zeros(len(FEATURES)), np.ones(len(FEATURES)),
                        {"default": 1.0}, {})


def stack(tables: list[CandidateTable]) -> CandidateTable:
    return CandidateTable(np.vstack([t.features for t in tables]), np.concatenate([t.labels for t in tables]),
                          [g for t in tables for g in t.groups], [x for t in tables for x in t.languages],
                          np.concatenate([t.paragraph for t in tables]), [x for t in tables for x in t.provision])


#: Positives are ~3% of candidates; weighting them up trades calibration for recall at the top.
POSITIVE_WEIGHT = 1.0


#: Inverse regularisation strength: strong, since ~30 features meet ~400 positives from ~60 articles.
REGULARISATION_C = 0.1


def fit(features: np.ndarray, labels: np.ndarray, *, c: float = REGULARISATION_C):
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, max_iter=2000, class_weight={0: 1.0, 1: POSITIVE_WEIGHT})
    model.fit((features - mean) / scale, labels)
    return model.coef_[0], float(model.intercept_[0]), mean, scale


def cross_validated(table: CandidateTable, *, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Out-of-fold probabilities for every candidate (the left-out ones included, for scoring)."""
    from sklearn.model_selection import GroupKFold

    keep = table.labels >= 0
    out = np.zeros(len(table.labels))
    groups = np.asarray(table.groups)
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(table.features, table.labels, groups):
        train = train[keep[train]]
        coef, intercept, mean, scale = fit(table.features[train], table.labels[train])
        out[test] = 1 / (1 + np.exp(-(((table.features[test] - mean) / scale) @ coef + intercept)))
    return np.where(own_signal(table.features), out, 0.0)


def choose_thresholds(table: CandidateTable, probability: np.ndarray, *, target: float = TARGET_PRECISION,
                      floor: float = 0.5) -> dict[str, float]:
    """Per language, the lowest probability cut whose cross-validated precision is >= ``target``
    (never below ``floor``; 0.99 where no cut reaches the target), on the real news candidates
    when the table has any: our own paragraphs were written to be linked, and cuts chosen on both
    let real-news precision fall to 0.82 in Russian and 0.75 in Azerbaijani (0.90 and 0.82 so)."""
    thresholds = {}
    keep = table.labels >= 0
    real = np.asarray([not g.startswith("own:") for g in table.groups])
    if real.any():
        keep = keep & real
    languages = np.asarray(table.languages)
    for language in (*LANGUAGES, "default"):
        mask = keep & ((languages == language) if language != "default" else np.ones_like(keep))
        p, y = probability[mask], table.labels[mask]
        order = np.argsort(-p)
        precision = np.cumsum(y[order] == 1) / np.arange(1, len(order) + 1)
        deepest = np.where(precision >= target)[0]
        thresholds[language] = max(floor, float(p[order][deepest[-1]])) if len(deepest) else 0.99
    return thresholds


def held_out_cuts(table: CandidateTable, probability: np.ndarray, *, folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each candidate's threshold as :func:`choose_thresholds` picks it without the candidate's own
    article (the same grouped folds as :func:`cross_validated`). Cuts chosen on the very predictions
    they are scored on sit exactly where precision reaches the target, so the cross-validated
    figures flatter; scoring each fold with cuts chosen on the others shows by how much."""
    from sklearn.model_selection import GroupKFold

    cuts = np.zeros(len(table.labels))
    languages = np.asarray(table.languages)
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(table.features, table.labels, np.asarray(table.groups)):
        train = np.sort(train)
        held = CandidateTable(table.features[train], table.labels[train], [table.groups[i] for i in train],
                              list(languages[train]), table.paragraph[train], [table.provision[i] for i in train])
        thresholds = choose_thresholds(held, probability[train])
        cuts[test] = [thresholds.get(language, thresholds["default"]) for language in languages[test]]
    return cuts


# --- scoring on real news (benchmarks/accuracy.py and tests/link/test_realnews.py) ----------------

EVENTS = ("announced", "meeting_held", "agreed", "funded", "started", "delivered", "stalled", "mentioned")


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float]:
    return (tp / predicted if predicted else 1.0), (tp / gold if gold else 1.0)


def keyword_baseline(articles: list[dict], agreement: Agreement) -> dict[str, set[str]]:
    """Document -> provisions whose keywords appear as plain substrings (the baseline to beat)."""
    keywords = {p.id: [k.casefold() for words in p.keywords.values() for k in words] for p in agreement.provisions}
    out = {}
    for article in articles:
        text = ((article.get("title") or "") + " " + article["text"]).casefold()
        out[article["url"]] = {pid for pid, ks in keywords.items() if any(k in text for k in ks)}
    return out


def score_real_news(articles: list[dict], rows: list[LabelledParagraph], table: CandidateTable,
                    probability: np.ndarray, thresholds: dict[str, float], agreement: Agreement,
                    lexicon: Lexicon, agreements: list[Agreement]) -> dict:
    """Link precision/recall per language (document and paragraph level), event macro-F1, evidence on
    the hard negatives, for ``agreement``'s candidates in ``table`` scored by ``probability``
    (``lexicon`` and ``agreements``: the gate's, to read events as the pipeline does, which knows
    a signing report by its signatories too)."""
    from charterwatch.link.events import classify_event, describes_text

    ours = {p.id for p in agreement.provisions}
    language_of = {a["url"]: a["language"] for a in articles}
    negatives = {a["url"] for a in articles if not a["on_topic"]}
    gold_doc: dict[str, set[str]] = defaultdict(set)
    gold_par: set[tuple[int, str]] = set()
    for k, row in enumerate(rows):
        for pid in row.provisions & ours:
            gold_doc[row.group].add(pid)
            gold_par.add((k, pid))
    predicted = [(int(table.paragraph[j]), table.provision[j]) for j in range(len(table.labels))
                 if probability[j] >= thresholds.get(table.languages[j], thresholds["default"])]
    pred_doc: dict[str, set[str]] = defaultdict(set)
    for k, pid in predicted:
        pred_doc[rows[k].group].add(pid)
    out: dict = {}
    for language in (*LANGUAGES, "all"):
        urls = [a["url"] for a in articles if language in ("all", a["language"])]
        tp = sum(len(pred_doc[u] & gold_doc[u]) for u in urls)
        out[f"document_{language}"] = _prf(tp, sum(len(pred_doc[u]) for u in urls), sum(len(gold_doc[u]) for u in urls))
        baseline = keyword_baseline([a for a in articles if a["url"] in set(urls)], agreement)
        btp = sum(len(baseline[u] & gold_doc[u]) for u in urls)
        out[f"baseline_{language}"] = _prf(btp, sum(len(baseline[u]) for u in urls), sum(len(gold_doc[u]) for u in urls))
    counted = [(k, pid) for k, pid in predicted if pid not in rows[k].also]
    tp = sum((k, pid) in gold_par for k, pid in counted)
    out["paragraph"] = _prf(tp, len(counted), len(gold_par))
    from charterwatch.link.evidence import reports_signing

    by_article = defaultdict(list)
    for row in rows:
        by_article[row.group].append(row)
    gate = _verdicts(rows, agreement, lexicon, agreements)
    signing = {g: reports_signing(m[0].title, [r.text for r in m], m[0].published, agreement,
                                  signatories=bool(g in gate and gate[g].at_signing))
               for g, m in by_article.items()}
    telling = {g: describes_text([r.text for r in m]) for g, m in by_article.items()}
    pairs = [(rows[k].event, classify_event(rows[k].text, signing_report=signing[rows[k].group],
                                            describes_text=telling[rows[k].group]).event)
             for k, pid in counted if (k, pid) in gold_par and rows[k].event]
    f1s = []
    for event in EVENTS:
        t = sum(1 for g, p in pairs if g == p == event)
        npred, ngold = sum(1 for _, p in pairs if p == event), sum(1 for g, _ in pairs if g == event)
        if ngold:
            p_, r_ = _prf(t, npred, ngold)
            f1s.append(2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0)
    out["event_macro_f1"] = sum(f1s) / len(f1s) if f1s else 0.0
    out["events_scored"] = len(pairs)
    out["links_on_negatives"] = sum(1 for k, _ in predicted if rows[k].group in negatives)
    out["linked_articles"] = {rows[k].group for k, _ in predicted}
    support: dict[str, float] = {}
    for j in range(len(table.labels)):
        group = rows[int(table.paragraph[j])].group
        support[group] = max(support.get(group, 0.0), float(probability[j]))
    out["support"] = support
    out["languages"] = dict(sorted({lang: sum(1 for u in language_of.values() if u == lang) for lang in LANGUAGES}.items()))
    return out


def score_topics_and_stories(articles: list[dict], rows: list[LabelledParagraph], agreements: list[Agreement],
                             lexicon: Lexicon, embed, linked: set[str] = frozenset(),
                             support: dict[str, dict[str, float]] | None = None) -> dict:
    """On-topic accuracy (:func:`charterwatch.link.relevance.on_topic`: ``linked`` are the articles
    with evidence, ``support`` each agreement's best link probability per article) and story pair
    precision/recall/F1."""
    from itertools import combinations

    from charterwatch.stories.group import group_stories
    from charterwatch.stories.training import gold_pairs as story_gold_pairs

    verdicts = {a.id: _verdicts(rows, a, lexicon, agreements) for a in agreements}
    def flag(url: str) -> bool:
        return any(on_topic(v.relevant, v.names_agreement, url in linked,
                            support.get(g, {}).get(url, 0.0) if support is not None else None, v.at_signing)
                   for g in verdicts if (v := verdicts[g].get(url)) is not None)

    on_topic_of = {a["url"]: flag(a["url"]) for a in articles}
    accuracy = sum(on_topic_of[a["url"]] == a["on_topic"] for a in articles) / max(1, len(articles))
    # stories are made of what the pipeline makes them of: reports the gate let through (every
    # on-topic one among them; here no copy lends its flag to an original)
    relevant = {url for g in verdicts for url, v in verdicts[g].items() if v.relevant}
    items, _ = realnews_story_items(articles, rows, agreements, lexicon, embed, include=relevant)
    predicted = {frozenset(p) for s in group_stories(items) for p in combinations(s.originals, 2)}
    # every labelled pair counts, those of articles the gate kept out included
    gold = story_gold_pairs({k: a["story_group"] for k, a in enumerate(articles) if a.get("story_group")})
    p, r = _prf(len(predicted & gold), len(predicted), len(gold))
    return {"on_topic_accuracy": accuracy, "on_topic_all_true": sum(a["on_topic"] for a in articles) / max(1, len(articles)),
            "negatives_on_topic": sum(1 for a in articles if on_topic_of[a["url"]] and not a["on_topic"]),
            "story_pairs": (p, r, 2 * p * r / (p + r) if p + r else 0.0), "story_pairs_gold": len(gold)}


def realnews_story_items(articles: list[dict], rows: list[LabelledParagraph], agreements: list[Agreement],
                         lexicon: Lexicon, embed, include: set[str] | None = None):
    """Story items for the articles (those whose url is in ``include``, when given), numbered by
    their position, built as the pipeline builds them; and each one's labelled story."""
    from charterwatch.stories.group import STORY_PARAGRAPHS, StoryItem, signing_events

    by_url = defaultdict(list)
    for row in rows:
        by_url[row.group].append(row)
    story_types = {"person", "place", "project", "organisation"}
    items, story_of = [], {}
    for k, article in enumerate(articles):
        members = by_url[article["url"]]
        if (include is not None and article["url"] not in include) or not members:
            continue
        paragraph_vectors = embed([m.text for m in members])
        mean = paragraph_vectors.mean(axis=0)
        entities = frozenset(m.entity for m in find_mentions("\n\n".join(m.text for m in members), lexicon)
                             if lexicon.types.get(m.entity) in story_types and m.matched_by != "fuzzy")
        entities |= signing_events(agreements, title=article.get("title"), paragraphs=[m.text for m in members],
                                   published=members[0].published)
        items.append(StoryItem(k, members[0].published, article["language"], article.get("outlet"), entities,
                               mean / (np.linalg.norm(mean) + 1e-12), paragraphs=paragraph_vectors[:STORY_PARAGRAPHS]))
        if article.get("story_group"):
            story_of[k] = article["story_group"]
    return items, story_of

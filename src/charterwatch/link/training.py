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
from charterwatch.link.model import FEATURES, LANGUAGES, LinkerModel
from charterwatch.link.relevance import document_relevance, party_entities, predecessor_patterns

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
              agreements: list[Agreement]) -> dict[str, float]:
    """Each real article's relevance score for ``agreement`` (the gate, as the pipeline runs it)."""
    party_of = party_entities(agreements)
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
                                              project_entities=projects, earlier=earlier).score
    return scores


def paragraph_inputs(rows: list[LabelledParagraph], agreement: Agreement, lexicon: Lexicon,
                     agreements: list[Agreement]) -> list[ParagraphInput]:
    """Inputs as the pipeline builds them: each real article through every agreement's relevance gate."""
    scores = {a.id: _verdicts(rows, a, lexicon, agreements) for a in agreements}
    inputs = []
    for k, row in enumerate(rows):
        relevance = scores[agreement.id].get(row.document, 1.0) if row.document else 1.0
        exclusive = bool(row.document) and relevance > 0 and not any(
            scores[a.id].get(row.document, 0.0) > 0 for a in agreements if a.id != agreement.id)
        inputs.append(ParagraphInput(k, row.text, row.language, row.published, row.document, relevance, row.title,
                                     exclusive))
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


def fit(features: np.ndarray, labels: np.ndarray, *, c: float = 0.5):
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
    return out


def choose_thresholds(table: CandidateTable, probability: np.ndarray, *, target: float = TARGET_PRECISION,
                      floor: float = 0.5) -> dict[str, float]:
    """Per language, the lowest probability cut whose cross-validated precision is >= ``target``
    (never below ``floor``; 0.99 where no cut reaches the target)."""
    thresholds = {}
    keep = table.labels >= 0
    languages = np.asarray(table.languages)
    for language in (*LANGUAGES, "default"):
        mask = keep & ((languages == language) if language != "default" else np.ones_like(keep))
        p, y = probability[mask], table.labels[mask]
        order = np.argsort(-p)
        precision = np.cumsum(y[order] == 1) / np.arange(1, len(order) + 1)
        deepest = np.where(precision >= target)[0]
        thresholds[language] = max(floor, float(p[order][deepest[-1]])) if len(deepest) else 0.99
    return thresholds

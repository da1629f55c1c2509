"""``link_passages(paragraphs, index)``: which paragraphs are evidence for which provisions.

Every paragraph of a relevant document (:mod:`charterwatch.link.relevance`) is a candidate for
every provision of the agreement. Each candidate gets features (:func:`candidate_features`):
keyword and name hits, the multilingual embedding's similarity to the provision's summary and
examples with its rank and margin over the other provisions (cosines are squeezed, so ranks and
per-paragraph z-scores, never one cut), the document's relevance and keywords, event cues and
the language. The calibrated model (:mod:`charterwatch.link.model`) turns them into a probability;
a link needs the language's threshold, chosen for precision. The semantic path may link without a
keyword when the model is confident. Then the event type and the cue that decided it
(:mod:`charterwatch.link.events`). A paragraph dated before the agreement's signing is never
evidence for it (earlier reports are background).
Pure: paragraphs, agreement, lexicon and an embedder in; links out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from charterwatch.agreement.model import Agreement, Provision
from charterwatch.entities.mentions import Lexicon, Mention, find_mentions
from charterwatch.link.events import classify_event, describes_text
from charterwatch.link.model import FEATURES, LANGUAGES, LinkerModel, bundled_model, short_flag
from charterwatch.link.relevance import in_signing_window, keyword_entities, name_patterns, predecessor_patterns

#: Keywords of this length or shorter must match whole words ("gas" is not "gasoline").
SHORT_KEYWORD = 4
#: Letters a keyword may be followed by (case endings, plurals) before the word ends.
MAX_ENDING = 5
#: Languages whose keywords inflect inside a phrase, not only at its end.
INFLECTING = {"ru"}
#: Agglutinating languages stack suffixes on a phrase's last word ("özəl sektor" ~ "özəl
#: sektorlarının": plural, possessive, case), so it may take a longer ending there.
STACKED_ENDING = {"az": 8, "tr": 8}
#: A paragraph that only recalls the past ("Напомним", "Xatırladaq ki") is background, not news.
RECAP_CUES = ("recall that", "it should be recalled", "as a reminder", "напомним", "напоминаем", "ранее",
              "xatırladaq", "xatırladırıq", "qeyd edək ki, əvvəl", "hatırlatalım", "hatırlatmak gerekirse")
_RECAP = re.compile("|".join(rf"(?<!\w){re.escape(c)}" for c in RECAP_CUES))
#: A paragraph about drafting or preparing a text reports what came before the agreement, not under it.
DRAFTING_CUES = ("draft", "drafting", "text of the charter", "near completion", "almost completed", "being prepared",
                 "will be signed", "to be signed", "проект", "разработк", "подготовк", "будет подписан",
                 "layihə", "hazırlanması", "hazırlanır", "imzalanacaq", "mətni üzrə", "taslak", "hazırlanması",
                 "imzalanacak", "hazırlık")
_DRAFTING = re.compile("|".join(rf"(?<!\w){re.escape(c)}" for c in DRAFTING_CUES))
#: The act of signing as reports tell it ("signed", "подписали", "imzalanıb", "imza töreni").
SIGNING_ACT = re.compile(r"(?<!\w)(signed|signing|подписал|подписан|подписали|подписани|imzalan|imzaladı|imzalayıb|imzalayıblar|"
                         r"imzalandı|imzaladılar|imza töreni|imza mərasimi)")


def signing_report(texts: list[str], published: dt.date | None, agreement: Agreement, *,
                   signatories: bool = False) -> bool:
    """Whether a document reports the agreement's signing (its clauses are then what was agreed): it
    tells of the act of signing and names the agreement, or is dated at the signing and names the
    signatories, a person for each party (``signatories``, from the gate: the leaders' statements
    after signing call it "the document we signed" as often as by its name)."""
    if published is not None and not in_signing_window(agreement, published):
        return False
    lowered = "\n".join(texts).casefold()
    if not SIGNING_ACT.search(lowered):
        return False
    return (signatories and published is not None) or any(p.search(lowered) for p in name_patterns(agreement))


#: A title that tells of a signing ("… sign Charter", "imzası", "подписали"): the act is the news.
SIGNING_TITLE = re.compile(r"(?<!\w)(signs?\b|signed|signing|подпис|imza)")


def title_tells_of_signing(title: str | None) -> bool:
    return bool(title and SIGNING_TITLE.search(title.casefold()))


def reports_signing(title: str | None, texts: list[str], published: dt.date | None, agreement: Agreement, *,
                    signatories: bool = False) -> bool:
    """:func:`signing_report` for a document with this title: an undated one must say so in its title
    (an undated page that tells of the signing only in its body is as often a later analysis, whose
    sentences about the text are assessments, not what was agreed)."""
    if published is None and not title_tells_of_signing(title):
        return False
    return signing_report([title or "", *texts], published, agreement, signatories=signatories)


#: Events that report an act (as opposed to a plan or an opinion).
ACTS = {"meeting_held", "agreed", "funded", "started", "delivered", "stalled"}


@dataclass(frozen=True)
class ParagraphInput:
    key: object                 # the caller's id (paragraph id, or an index)
    text: str
    language: str
    published: dt.date | None = None
    document: object = None     # paragraphs of one document share it (None: each stands alone)
    relevance: float = 1.0      # the document's relevance score (0: the gate refused it, nothing links)
    title: str | None = None
    exclusive: bool = False     # the gate let the document through for this agreement only, of those read
    signatories: bool = False   # the gate found it the signing's own coverage (dated then, a person per party)


@dataclass(frozen=True)
class EvidenceLink:
    key: object
    provision_id: str
    score: float
    event_type: str
    cue: str | None
    quote: str
    quote_start: int
    quote_end: int
    keywords: tuple[str, ...]
    entities: tuple[str, ...]
    semantic_rank: int
    reasons: dict = field(default_factory=dict)


#: Vowels a Russian, Azerbaijani or Turkish word's ending may start with ("стратегическое" ~
#: "стратегическом", "ortaklığı"): stripped from a keyword's words, whose stem then takes any ending.
_ENDING_VOWELS = set("аеиоуыэюяйьaeıioöuüə")
#: Turkic stems soften before a vowel ending ("ortaklık" ~ "ortaklığı", "kitap" ~ "kitabı").
_SOFTENED = {"k": "[kğgy]", "q": "[qğ]", "p": "[pb]", "t": "[td]", "ç": "[çc]"}
#: A stem keeps at least this many letters.
MIN_STEM = 4


def _inflected_word(word: str) -> str:
    """A pattern for one word of a keyword in an inflecting language: its stem, any ending."""
    stem = word
    while len(stem) > MIN_STEM and stem[-1] in _ENDING_VOWELS and len(word) - len(stem) < 2:
        stem = stem[:-1]
    last = _SOFTENED.get(stem[-1]) if stem == word and len(stem) > MIN_STEM else None
    body = re.escape(stem[:-1]) + last if last else re.escape(stem)
    return body + rf"\w{{0,{MAX_ENDING + 1}}}"


def _keyword_pattern(keyword: str, language: str = "en") -> re.Pattern:
    """A keyword as it appears in text: whole words when short; in Russian, Azerbaijani and Turkish
    every word of a phrase may be inflected ("стратегическом партнерстве" for "стратегическое
    партнерство"), as only the last may in English."""
    folded = keyword.casefold().replace("ё", "е")
    if len(folded) <= SHORT_KEYWORD:
        return re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
    if language in INFLECTING:
        words = folded.split()
        return re.compile(r"(?<!\w)" + r"[\s\-]+".join(_inflected_word(w) if len(w) > SHORT_KEYWORD else re.escape(w)
                                                        for w in words) + r"(?!\w)")
    ending = STACKED_ENDING.get(language, MAX_ENDING)
    return re.compile(rf"(?<!\w){re.escape(folded)}\w{{0,{ending}}}(?!\w)")


def _description(provision: Provision) -> str:
    return f"{provision.summary} {' '.join(provision.keywords.get('en', []))}"


class ProvisionIndex:
    """Keyword patterns, entity links, summary and example vectors of an agreement's provisions, built once."""

    def __init__(self, agreement: Agreement, lexicon: Lexicon, embed, model: LinkerModel | None = None,
                 predecessor: Agreement | None = None, others: list[Agreement] = ()):
        """:param others: agreements whose provisions are ranked beside this one's (never linked): a
            report of drafting the Charter should rank the memorandum's provision first, and a small
            agreement's two provisions need company for a rank to mean anything"""
        self.agreement = agreement
        self.provisions: list[Provision] = agreement.provisions
        own = {p.id for p in self.provisions}
        #: this agreement's provisions first, then the others' (distractors for ranks and margins)
        self.ranked: list[Provision] = self.provisions + [p for a in others if a.id != agreement.id
                                                           for p in a.provisions if p.id not in own]
        self.patterns = {p.id: [(kw, _keyword_pattern(kw, language)) for language, words in p.keywords.items()
                                for kw in words]
                         for p in self.provisions}
        self.entity_links: dict[str, set[str]] = keyword_entities(agreement, lexicon)
        self.vectors = embed([_description(p) for p in self.ranked])
        examples = [(i, text, lang) for i, p in enumerate(self.ranked) for lang, words in p.examples.items() for text in words]
        #: each provision's examples (its description when it has none): a paragraph's best match counts
        self.example_owner = np.asarray([i for i, _, _ in examples] + [i for i in range(len(self.ranked))
                                                                        if not self.ranked[i].examples], dtype=int)
        self.example_language = np.asarray([lang for _, _, lang in examples]
                                           + ["en" for p in self.ranked if not p.examples])
        texts = [t for _, t, _ in examples] + [_description(p) for p in self.ranked if not p.examples]
        self.example_vectors = embed(texts) if texts else np.zeros((0, self.vectors.shape[1]), dtype=np.float32)
        self.lexicon = lexicon
        self.embed = embed
        self.model = model or bundled_model()
        self.name_patterns = name_patterns(agreement)
        #: names only the agreement it builds on uses ("Strategic Working Group", "memorandum"): a report
        #: naming them is about the earlier stage
        self.predecessor_patterns = predecessor_patterns(agreement, predecessor)
        #: evidence for the agreement is an event on or after its signing; earlier reports are background
        self.history_starts = agreement.agreement.signed
        #: how many paragraphs reached the embedding model in the last link_passages call
        self.last_candidates = 0
        #: in the last link_passages call, each document's best link probability (linked or not): how
        #: far a document that only names the agreement is from being evidence for it
        self.last_support: dict[object, float] = {}


def _keyword_hits(text: str, index: ProvisionIndex) -> tuple[dict[str, list[tuple[str, int, int]]], set[str]]:
    """Keyword matches per provision; words inside the agreement's own name ("Strategic Partnership
    Charter") are the name, not a report of a provision, so they only come back as the second
    value: the provisions whose keywords the name holds here."""
    lowered = text.casefold().replace("ё", "е")
    named = [(m.start(), m.end()) for p in index.name_patterns for m in p.finditer(lowered)]
    hits: dict[str, list[tuple[str, int, int]]] = {}
    in_name: set[str] = set()
    for provision_id, patterns in index.patterns.items():
        for keyword, pattern in patterns:
            for match in pattern.finditer(lowered):
                if not any(a <= match.start() < b for a, b in named):
                    hits.setdefault(provision_id, []).append((keyword, match.start(), match.end()))
                else:
                    in_name.add(provision_id)
    return hits, in_name


_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[»”\"')]*|$)")


def _quote(text: str, spans: list[tuple[int, int]]) -> tuple[str, int, int]:
    """The sentence(s) holding the signals; the whole paragraph when it is short."""
    if len(text) <= 320:
        return text, 0, len(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    chosen = [s for s in sentences if any(s[0] <= a < s[1] for a, _ in spans)] or sentences[:1]
    start, end = chosen[0][0], chosen[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end], start, end


def _z(row: np.ndarray) -> np.ndarray:
    return (row - row.mean()) / (row.std() + 1e-6)


@dataclass
class Candidate:
    """One paragraph against every provision: the signals :func:`candidate_features` reads."""

    paragraph: ParagraphInput
    hits: dict[str, list[tuple[str, int, int]]]
    mentions: list[Mention]
    cosines: np.ndarray          # against each provision's description
    examples: np.ndarray         # best example cosine per provision
    event: object = None
    same_language: np.ndarray | None = None   # best example in the paragraph's language (English where none)
    in_name: frozenset[str] = frozenset()     # provisions whose keywords only the agreement's name holds here


def prepare(paragraphs: list[ParagraphInput], index: ProvisionIndex) -> list[Candidate]:
    """Signals for every paragraph that may be evidence (relevant document, dated on or after the signing)."""
    kept = [p for p in paragraphs if p.relevance > 0 and not (p.published is not None and p.published < index.history_starts)]
    index.last_candidates = len(kept)
    if not kept:
        return []
    documents: dict[object, list[ParagraphInput]] = defaultdict(list)
    for p in kept:
        documents[p.document if p.document is not None else id(p)].append(p)
    signing = {key: reports_signing(members[0].title, [m.text for m in members], members[0].published,
                                    index.agreement, signatories=members[0].signatories)
               for key, members in documents.items()}
    telling = {key: describes_text([m.text for m in members]) for key, members in documents.items()}
    vectors = index.embed([p.text for p in kept])
    sims = vectors @ index.vectors.T
    example_sims = vectors @ index.example_vectors.T
    n = len(index.ranked)
    out = []
    for paragraph, row, ex_row in zip(kept, sims, example_sims):
        hits, in_name = _keyword_hits(paragraph.text, index)
        mentions = [m for m in find_mentions(paragraph.text, index.lexicon) if m.matched_by != "fuzzy"]
        for mention in mentions:
            for provision_id in index.entity_links.get(mention.entity, ()):
                hits.setdefault(provision_id, []).append((mention.entity, mention.start, mention.end))
        best = np.full(n, -1.0)
        np.maximum.at(best, index.example_owner, ex_row)
        language = paragraph.language if paragraph.language in set(index.example_language) else "en"
        mask = index.example_language == language
        same = np.full(n, -1.0)
        np.maximum.at(same, index.example_owner[mask], ex_row[mask])
        same = np.where(same < -0.5, best, same)
        key = paragraph.document if paragraph.document is not None else id(paragraph)
        event = classify_event(paragraph.text, signing_report=signing[key], describes_text=telling[key])
        out.append(Candidate(paragraph, hits, mentions, row, best, event, same, frozenset(in_name - set(hits))))
    return out


def candidate_features(candidates: list[Candidate], index: ProvisionIndex) -> np.ndarray:
    """One row per (candidate, provision), columns as :data:`charterwatch.link.model.FEATURES`.

    keyword/keywords: the provision's keywords (any language) in the paragraph, and how many distinct;
    entity: a name the provision's keywords name wholly (TRIPP, Nakhchivan); cosine_z, top1, top3,
    inverse_rank, margin: the paragraph's similarity to the provision's description, as a z-score
    over the agreement's provisions, its rank and its lead over the best other provision;
    example_z/example_top1: the same for the provision's example phrasings; document_keyword: its
    keywords elsewhere in the same document; document_top1_share: share of the document's paragraphs
    closest to it; title_keyword: in the title; relevance: the document's gate score; names_agreement;
    recap: "recall that…"; act/plan/opinion: the event rules' verdict; short: under 80 characters;
    breadth: how many provisions' keywords the paragraph holds (a list of clauses names many);
    drafting/document_drafting: a drafting cue in the paragraph, and the share of the document's
    paragraphs with one (reports on preparing the text come before the agreement); undated (and with
    drafting); predecessor: the document names what only the agreement it builds on is called;
    in_name: the provision's keywords occur only inside the agreement's name ("Charter on Strategic
    Partnership"), and in_name_alone: with no other keyword in the paragraph (a report of the signing
    itself, which coders read as the partnership clause; beside other clauses the name is the name).
    """
    ids = [p.id for p in index.provisions]
    n = len(index.ranked)
    by_document: dict[object, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_document[c.paragraph.document if c.paragraph.document is not None else id(c)].append(c)
    drafting_share = {key: float(np.mean([bool(_DRAFTING.search(o.paragraph.text.casefold())) for o in group]))
                      for key, group in by_document.items()}
    predecessor = {key: float(any(p.search(o.paragraph.text.casefold()) for o in group for p in index.predecessor_patterns))
                   for key, group in by_document.items()}
    rows = []
    for c in candidates:
        group = by_document[c.paragraph.document if c.paragraph.document is not None else id(c)]
        others = [o for o in group if o is not c]
        elsewhere = {pid for o in others for pid in o.hits}
        top1_counts = np.bincount([int(np.argmax(o.cosines)) for o in group], minlength=n) / max(1, len(group))
        title = (c.paragraph.title or "").casefold()
        title_hits = {pid for pid, patterns in index.patterns.items() for _, pat in patterns if title and pat.search(title)}
        z, ez, lz = _z(c.cosines), _z(c.examples), _z(c.same_language)
        order = np.argsort(-c.cosines)
        rank = np.empty(n, dtype=int)
        rank[order] = np.arange(1, n + 1)
        example_top = int(np.argmax(c.examples))
        lowered = c.paragraph.text.casefold()
        names = 1.0 if any(p.search(lowered) for p in index.name_patterns) else 0.0
        recap = 1.0 if _RECAP.search(lowered) else 0.0
        drafting = 1.0 if _DRAFTING.search(lowered) else 0.0
        document_drafting = drafting_share[c.paragraph.document if c.paragraph.document is not None else id(c)]
        undated = float(c.paragraph.published is None)
        earlier = predecessor[c.paragraph.document if c.paragraph.document is not None else id(c)]
        breadth = min(len([pid for pid, signals in c.hits.items() if any(s[0] not in index.lexicon.types for s in signals)]), 6) / 6
        event = c.event.event
        act, plan = float(event in ACTS), float(event == "announced")
        opinion = float(event == "mentioned" and c.event.cue is not None)
        short = short_flag(c.paragraph.text)
        language = [float(c.paragraph.language == lang) for lang in LANGUAGES]
        for i, pid in enumerate(ids):
            signals = c.hits.get(pid, [])
            words = {s[0] for s in signals if s[0] not in index.lexicon.types}
            entity = float(any(s[0] in index.lexicon.types for s in signals))
            keyword = float(bool(words))
            best_other = np.max(np.delete(c.cosines, i)) if n > 1 else 0.0
            rows.append([keyword, min(len(words), 3) / 3, entity, z[i], float(rank[i] == 1), float(rank[i] <= 3),
                         1.0 / rank[i], (c.cosines[i] - best_other) * 10, ez[i], float(example_top == i),
                         float(pid in elsewhere), top1_counts[i], float(pid in title_hits), c.paragraph.relevance,
                         names, recap, act, plan, opinion, short, keyword * z[i], breadth, keyword * breadth, drafting,
                         document_drafting, undated, undated * document_drafting, earlier, lz[i],
                         float(c.paragraph.exclusive), float(pid in c.in_name),
                         float(pid in c.in_name and not c.hits), *language])
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def link_passages(paragraphs: list[ParagraphInput], index: ProvisionIndex) -> list[EvidenceLink]:
    """Evidence links for ``paragraphs`` against the index's agreement, best first per paragraph."""
    candidates = prepare(paragraphs, index)
    index.last_support = {}
    if not candidates:
        return []
    features = candidate_features(candidates, index)
    probability = index.model.probability(features)
    n = len(index.provisions)
    for k, c in enumerate(candidates):
        document = c.paragraph.document if c.paragraph.document is not None else c.paragraph.key
        best = float(probability[k * n:(k + 1) * n].max()) if n else 0.0
        index.last_support[document] = max(index.last_support.get(document, 0.0), best)
    links: list[EvidenceLink] = []
    for k, c in enumerate(candidates):
        threshold = index.model.threshold(c.paragraph.language)
        order = np.argsort(-c.cosines)
        for i, provision in enumerate(index.provisions):
            p = float(probability[k * n + i])
            if p < threshold:
                continue
            signals = c.hits.get(provision.id, [])
            spans = [(a, b) for _, a, b in signals]
            quote, start, end = _quote(c.paragraph.text, spans)
            keywords = tuple(sorted({s[0] for s in signals if s[0] not in index.lexicon.types}))
            rank = int(np.where(order == i)[0][0]) + 1
            links.append(EvidenceLink(
                key=c.paragraph.key, provision_id=provision.id, score=round(p, 3), event_type=c.event.event,
                cue=c.event.cue, quote=quote, quote_start=start, quote_end=end, keywords=keywords,
                entities=tuple(sorted({m.entity for m in c.mentions})), semantic_rank=rank,
                reasons={"signals": sorted({s[0] for s in signals}), "cosine": round(float(c.cosines[i]), 4),
                         "probability": round(p, 3), "threshold": round(threshold, 3)}))
    return sorted(links, key=lambda link: (str(link.key), -link.score))

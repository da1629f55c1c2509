"""``group_stories(items)``: originals that report the same event, across outlets and languages.

Two originals may be one story when the story model (:mod:`charterwatch.stories.model`) gives their
pair a probability of at least its merge level: reports dated within a few days of each other, or
with one undated (the model asks more of such a pair: only decisive evidence joins it). Reports of
an agreement's signing whose title or lead names the agreement and the act, published on the day
(undated: saying so in the title), are one story whatever their names and wording
(:func:`signing_event`): a signing is one event. Groups are then formed by weighted average
linkage (WPGMA) inside each connected group of such pairs: a report joins a story only when it is,
on average, as close to its parts as the merge level asks, so one loose pair cannot chain two
events into one (precision first); each part weighs the same whatever its size, so a block of
same-day signing reports (certain pairs among themselves) does not outvote the reports of that
day's press conference. Each connected group is formed whole, so the answer does not
depend on the order reports arrive in: a monitoring cycle that re-forms the connected groups its
reports touch gets exactly what a full run would. Copies join their original's story and never
count as another source. Pure.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from charterwatch.agreement.model import Agreement
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.link.evidence import SIGNING_ACT, reports_signing, title_tells_of_signing
from charterwatch.link.relevance import parties_named, party_entities, party_people, signatories_named
from charterwatch.stories.model import StoryModel, bundled_story_model, pair_features
from charterwatch.text.dates import days_named, weekdays_named

#: Reports of one event appear within this many days of each other.
STORY_WINDOW_DAYS = 3
#: Paragraphs of a report kept for story matching (the lead and body of a news item; later
#: paragraphs are background more often than the event).
STORY_PARAGRAPHS = 12


#: How an event key is written among a report's story entities ("signed:az-us-charter-2026").
SIGNED = "signed:"
#: The lead a signing report says it in: the title and the first paragraphs.
LEAD_PARAGRAPHS = 2




def names_every_party(agreement: Agreement, text: str) -> bool:
    """Whether ``text`` names each of the agreement's parties (a country, or a person standing for
    it), as the relevance gate reads names: :func:`charterwatch.link.relevance.parties_named`."""
    mentions = find_mentions(text, Lexicon.from_agreement(agreement))
    return parties_named(agreement, mentions, party_entities([agreement])) >= set(agreement.agreement.parties)


def names_a_person_for_every_party(agreement: Agreement, text: str) -> bool:
    """Whether ``text`` names, for each party, a person standing for it (the signatories, not only
    their countries), as the gate reads them: :func:`charterwatch.link.relevance.signatories_named`."""
    return signatories_named(agreement, find_mentions(text, Lexicon.from_agreement(agreement)), party_people([agreement]))


def signing_event(agreement: Agreement, *, title: str | None, paragraphs: list[str], published: dt.date | None) -> str | None:
    """``signed:<agreement id>`` for a report of the agreement's signing (its title or lead names
    the agreement and the act of signing), else None. A dated report must be published on the day.
    An undated one must say so in its title (an undated page whose lead only recalls the signing is
    as often a later analysis as a report of the day); its lead may then name, instead of the
    agreement, the day of the signing and every party ("Azerbaycan-ABD imzayı attı" over "10 Şubat
    Salı günü … Vance … Aliyev"): a signing between those parties on that day is the event. An
    undated report whose title does not tell of it is one when its lead tells of the signatories,
    a person for each party, signing on the signing's weekday ("arrived in Azerbaijan on Tuesday …
    the two leaders signed a charter"): a weekday dates an event only in the week's news, where a
    later analysis gives the date."""
    lead = paragraphs[:LEAD_PARAGRAPHS]
    signed = agreement.agreement.signed
    if published is not None and published != signed:
        return None
    if reports_signing(title, lead, published, agreement):
        return SIGNED + agreement.id
    if published is not None:
        return None
    told = "\n".join([title or "", *lead])
    if title_tells_of_signing(title):
        found = signed in days_named(told, signed.year) and names_every_party(agreement, told)
    else:
        found = (bool(SIGNING_ACT.search(told.casefold())) and signed.weekday() in weekdays_named(told)
                 and names_a_person_for_every_party(agreement, told))
    return SIGNED + agreement.id if found else None


def signing_events(agreements: list[Agreement], *, title: str | None, paragraphs: list[str],
                   published: dt.date | None) -> set[str]:
    """The :func:`signing_event` keys of a report over ``agreements``; where both an agreement and
    one that builds on it qualify (an undated report of the Charter's signing names the memorandum
    it grew from), the later one's signing is the news and the earlier is background."""
    found = {a.id: a for a in agreements
             if signing_event(a, title=title, paragraphs=paragraphs, published=published)}
    background = {a.agreement.builds_on for a in found.values() if a.agreement.builds_on in found}
    return {SIGNED + agreement_id for agreement_id in found if agreement_id not in background}


@dataclass(frozen=True)
class StoryItem:
    document_id: int
    published: dt.date | None
    language: str | None
    outlet: str | None
    entities: frozenset[str]      # people, places, projects named (countries left out), and event keys
    vector: np.ndarray            # mean of the paragraph embeddings, L2-normalised
    copies: tuple[tuple[int, str | None, str | None, dt.date | None], ...] = ()  # (id, language, outlet, date)
    paragraphs: np.ndarray | None = None   # the first STORY_PARAGRAPHS paragraph embeddings (None: the mean only)

    def paragraph_vectors(self) -> np.ndarray:
        return self.paragraphs if self.paragraphs is not None and len(self.paragraphs) else self.vector[None, :]


@dataclass(frozen=True)
class Story:
    document_ids: tuple[int, ...]      # originals first, then copies
    originals: tuple[int, ...]
    first_seen: dt.date | None
    last_seen: dt.date | None
    languages: tuple[str, ...]
    outlets: tuple[str, ...]
    sources: int                       # independent sources: originals from different outlets


_VECTORS_MAGIC = b"CWs2"


def encode_story_vectors(paragraph_vectors: np.ndarray) -> bytes:
    """What the store keeps of a report for stories: its mean and first paragraph embeddings (float16)."""
    mean = paragraph_vectors.mean(axis=0)
    rows = np.vstack([mean / (np.linalg.norm(mean) + 1e-12), paragraph_vectors[:STORY_PARAGRAPHS]])
    return _VECTORS_MAGIC + np.uint16(rows.shape[1]).tobytes() + rows.astype(np.float16).tobytes()


def decode_story_vectors(blob: bytes | None, dimensions: int = 384) -> tuple[np.ndarray, np.ndarray | None]:
    """(mean, paragraphs) from :func:`encode_story_vectors`; a store written before it kept the
    mean alone (float32), which reads as (mean, None) until the document is understood again."""
    if not blob:
        return np.zeros(dimensions, dtype=np.float32), None
    if not blob.startswith(_VECTORS_MAGIC):
        return np.frombuffer(blob, dtype=np.float32), None
    width = int(np.frombuffer(blob[4:6], dtype=np.uint16)[0])
    rows = np.frombuffer(blob[6:], dtype=np.float16).astype(np.float32).reshape(-1, width)
    return rows[0], rows[1:]


def pair_probability(a: StoryItem, b: StoryItem, model: StoryModel | None = None) -> float:
    """P(the two originals report one event): 1 for two reports of one signing on the day, 0 for
    dated reports further apart than the window, else the story model's."""
    common = a.entities & b.entities
    if any(key.startswith(SIGNED) for key in common):
        return 1.0
    gap = abs((a.published - b.published).days) if a.published and b.published else None
    if gap is not None and gap > STORY_WINDOW_DAYS:
        return 0.0
    model = model or bundled_story_model()
    features = pair_features(a.paragraph_vectors(), b.paragraph_vectors(), a.vector, b.vector,
                             shared_names=sum(1 for key in common if not key.startswith(SIGNED)), day_gap=gap,
                             same_language=bool(a.language and a.language == b.language))
    return float(model.probability(features)[0])


def same_story(a: StoryItem, b: StoryItem, model: StoryModel | None = None) -> bool:
    """Whether two originals may be one story (symmetric): their pair reaches the merge level. Whether
    they end in one story depends on the rest of their connected group (:func:`group_stories`)."""
    model = model or bundled_story_model()
    return pair_probability(a, b, model) >= model.merge_at


def story_pairs(items: list[StoryItem], against: list[StoryItem] | None = None, model: StoryModel | None = None):
    """Pairs that may be one story, among ``items`` (or between ``items`` and ``against``); dated
    reports are only compared within the window, so the work grows with the news of a few days."""
    model = model or bundled_story_model()
    window = dt.timedelta(days=STORY_WINDOW_DAYS)
    others = items if against is None else against
    dated = sorted((i for i in others if i.published), key=lambda i: (i.published, i.document_id))
    days = [i.published for i in dated]
    undated = [i for i in others if not i.published]
    for a in items:
        pool = undated + (dated if not a.published else
                          dated[bisect.bisect_left(days, a.published - window):bisect.bisect_right(days, a.published + window)])
        for b in pool:
            if b.document_id == a.document_id or (against is None and b.document_id < a.document_id):
                continue
            if same_story(a, b, model):
                yield a, b


def _parts(members: list[StoryItem]) -> list[list[StoryItem]]:
    """The members as linkage starts from them: the reports of one signing (sharing its key: one
    event for certain) as one part, every other report alone; in id order."""
    parts: list[list[StoryItem]] = []
    by_key: dict[str, list[StoryItem]] = {}
    for member in members:
        key = min((k for k in member.entities if k.startswith(SIGNED)), default=None)
        if key is None:
            parts.append([member])
        elif key in by_key:
            by_key[key].append(member)
        else:
            by_key[key] = [member]
            parts.append(by_key[key])
    return parts


def _face(part: list[StoryItem]) -> list[StoryItem]:
    """What a part is compared by: a signing's dated reports (the day's own news) when it has any;
    undated reports joined it by their titles alone and their bodies may range wider."""
    return [m for m in part if m.published] or part


def _average_linkage(members: list[StoryItem], model: StoryModel) -> list[list[StoryItem]]:
    """Split one connected group into stories: weighted average linkage (WPGMA) over the parts'
    mean pair probabilities, stopping below the merge level (scipy's, deterministic for members in
    id order). A signing's reports enter as one part, compared by its dated reports, so each
    report of that day that joins by its key alone cannot outvote the others: with every report
    a part of its own (and with plain average linkage), one more report of the text split the
    day's coverage into two stories on ../shared/realnews."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    parts = _parts(members)
    n = len(parts)
    if n == 1:
        return parts
    distance = np.ones((n, n))
    np.fill_diagonal(distance, 0.0)
    for i in range(n):
        for j in range(i + 1, n):
            mean = np.mean([pair_probability(a, b, model) for a in _face(parts[i]) for b in _face(parts[j])])
            distance[i, j] = distance[j, i] = 1.0 - float(mean)
    labels = fcluster(linkage(squareform(distance, checks=False), method="weighted"), 1.0 - model.merge_at + 1e-9,
                      criterion="distance")
    groups: dict[int, list[StoryItem]] = defaultdict(list)
    for label, part in zip(labels, parts):
        groups[int(label)].extend(part)
    return list(groups.values())


def group_stories(items: list[StoryItem], model: StoryModel | None = None) -> list[Story]:
    """Every item in exactly one story (a lone original is a story of one); ``model`` is the shipped
    one unless given (training scores others)."""
    model = model or bundled_story_model()
    parent = {item.document_id: item.document_id for item in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in story_pairs(items, model=model):
        parent[find(a.document_id)] = find(b.document_id)
    connected: dict[int, list[StoryItem]] = defaultdict(list)
    for item in sorted(items, key=lambda i: i.document_id):
        connected[find(item.document_id)].append(item)
    groups = [split for members in connected.values()
              for split in (_average_linkage(members, model) if len(members) > 2 else [members])]

    stories = []
    for members in groups:
        members.sort(key=lambda i: (i.published or dt.date.max, i.document_id))
        copies = [c for m in members for c in m.copies]
        dates = [m.published for m in members if m.published] + [c[3] for c in copies if c[3]]
        languages = sorted({m.language for m in members if m.language} | {c[1] for c in copies if c[1]})
        outlets = sorted({m.outlet or f"document {m.document_id}" for m in members} | {c[2] for c in copies if c[2]})
        stories.append(Story(
            document_ids=tuple(m.document_id for m in members) + tuple(c[0] for c in copies),
            originals=tuple(m.document_id for m in members), first_seen=min(dates, default=None),
            last_seen=max(dates, default=None), languages=tuple(languages), outlets=tuple(outlets),
            sources=len({m.outlet or f"document {m.document_id}" for m in members})))
    return sorted(stories, key=lambda s: (s.first_seen or dt.date.max, s.document_ids))

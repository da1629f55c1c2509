"""clean_document on the shared real articles (skipped without them) and on small HTML we wrote."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.text import LanguageIdentifier, RawDocument, Rejection, clean_document, split_paragraphs

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier()


def clean_seed(path, identifier):
    raw = RawDocument(source_key=path.name, input_format="text", content=path.read_text(encoding="utf-8"), path=str(path))
    return clean_document(raw, identifier=identifier, as_of=AS_OF)


def test_seed_000_is_visibly_half_translated(shared_seeds, identifier):
    doc = clean_seed(shared_seeds["000"], identifier)
    assert doc.mixed
    assert set(doc.language_shares) == {"en", "tr"}
    assert [(s.language, s.first_paragraph) for s in doc.language_spans] == [("en", 0), ("tr", 4)]
    assert doc.removed == {"site name": 1}
    assert doc.published is None  # no date anywhere: undateable, not "today"


def test_seed_001_loses_its_appeals(shared_seeds, identifier):
    doc = clean_seed(shared_seeds["001"], identifier)
    text = doc.text.lower()
    assert "subscrib" not in text and "thank you" not in text and "twitter" not in text
    assert doc.language == "en" and not doc.mixed
    assert doc.removed["appeal"] >= 3
    # Every line after the commentary's last paragraph is chrome, and none of it survives.
    raw_lines = [line.strip() for line in shared_seeds["001"].read_text(encoding="utf-8").splitlines() if line.strip()]
    tail = raw_lines[raw_lines.index(doc.paragraphs[-1].text) + 1:]
    assert len(tail) == 5 and not any(line in doc.text for line in tail)


def test_seed_002_is_dated_from_its_date_line(shared_seeds, identifier):
    doc = clean_seed(shared_seeds["002"], identifier)
    assert (doc.published, doc.date_source) == (dt.date(2026, 2, 11), "text")
    assert doc.removed["title repeated"] == 1 and doc.removed["date line"] == 2
    assert not any(p.text in ("Latest News", "All News Feed", "Analytics") for p in doc.paragraphs)


def test_seed_003_keeps_its_repeated_body_once(shared_seeds, identifier):
    raw_lines = [line for line in shared_seeds["003"].read_text(encoding="utf-8").splitlines() if line.strip()]
    doc = clean_seed(shared_seeds["003"], identifier)
    texts = [p.text for p in doc.paragraphs]
    assert len(texts) == len(set(texts)) == 23
    assert doc.removed["repeated body"] == 23
    assert len(raw_lines) == 1 + 23 + 23 + 2  # title, body twice, two chrome lines
    assert "Latest news" not in texts and "More news" not in texts
    # "BAKU, Feb 10 (Reuters)" has no year and nothing else gives one: undateable, said why.
    assert doc.published is None and "has no year" in doc.date_note


def test_seed_004_is_not_dated_from_a_date_inside_a_sentence(shared_seeds, identifier):
    doc = clean_seed(shared_seeds["004"], identifier)
    assert doc.published is None
    assert doc.language == "en"


HTML = """<html lang="en"><head><title>Port traffic rises | Sample Port News</title>
<meta property="og:site_name" content="Sample Port News">
<meta property="article:published_time" content="2026-03-05T10:00:00+04:00"></head>
<body><nav><a href="/">Home</a> <a href="/economy">Economy</a></nav>
<article><h1>Port traffic rises</h1>
<p>Cargo handled at the sample port rose in the first two months of the year compared with last year, its operator said on Thursday.</p>
<p>Container traffic grew fastest, while grain and oil products were broadly unchanged, according to the figures published by the port.</p>
<p><img src="x.png" onerror="alert(1)"> Officials expect the trend to continue as new cranes come into service later this spring.</p>
</article><footer>Subscribe to our newsletter. © 2026 Sample Port News. All rights reserved.</footer></body></html>"""


def test_html_through_trafilatura(identifier):
    raw = RawDocument(source_key="k", input_format="html", content=HTML, url="https://port.example/news/traffic")
    doc = clean_document(raw, identifier=identifier, as_of=AS_OF)
    assert doc.title == "Port traffic rises"
    assert doc.outlet == "Sample Port News"
    assert (doc.published, doc.date_source) == (dt.date(2026, 3, 5), "meta")
    assert len(doc.paragraphs) == 3 and doc.paragraphs[0].text.startswith("Cargo handled")
    assert "Subscribe" not in doc.text and "Home" not in doc.text and "onerror" not in doc.text


@pytest.mark.parametrize("content, reason", [
    ('<html><head><script src="app.js"></script></head><body><div id="root"></div></body></html>',
     "no article text in the page (JavaScript-only: 1 scripts)"),
    ("Latest news\nShare\nSubscribe now\n", "too little text after cleaning (0 words)"),
])
def test_inputs_without_text_are_rejected_with_a_reason(identifier, content, reason):
    fmt = "html" if content.startswith("<") else "text"
    result = clean_document(RawDocument(source_key="k", input_format=fmt, content=content), identifier=identifier, as_of=AS_OF)
    assert isinstance(result, Rejection) and result.reason == reason


def test_binary_input_is_rejected(identifier):
    result = clean_document(RawDocument(source_key="k", input_format="text", content=None, problem="binary file, not text"),
                            identifier=identifier, as_of=AS_OF)
    assert isinstance(result, Rejection) and result.reason == "binary file, not text"


def test_split_paragraphs_joins_wrapped_lines_only():
    text = ("A long line of wrapped prose that does not end a sentence and\ncontinues on the next line in lower case.\n"
            "Opinion\nsample.example\n\nA second block.")
    assert split_paragraphs(text) == [
        "A long line of wrapped prose that does not end a sentence and continues on the next line in lower case.",
        "Opinion", "sample.example", "A second block."]

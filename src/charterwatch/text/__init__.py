"""Stage: text. ``clean_document(raw, identifier=..., as_of=...) -> CleanDocument | Rejection``."""

from charterwatch.text.clean import clean_document, split_paragraphs
from charterwatch.text.language import LanguageIdentifier
from charterwatch.text.model import CleanDocument, Paragraph, RawDocument, Rejection

__all__ = ["CleanDocument", "LanguageIdentifier", "Paragraph", "RawDocument", "Rejection", "clean_document",
           "split_paragraphs"]

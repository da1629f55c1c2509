"""Briefings: what changed, what is due, with citations; as Markdown, HTML or PDF."""

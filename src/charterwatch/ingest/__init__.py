"""Stage: ingest. The only network code: files, URLs and feeds -> ``RawDocument``."""

from charterwatch.ingest.feeds import FeedState, parse_feed, poll_feed
from charterwatch.ingest.fetch import Fetcher, FetchError
from charterwatch.ingest.files import IngestError, expand_paths, read_file

__all__ = ["FeedState", "FetchError", "Fetcher", "IngestError", "expand_paths", "parse_feed", "poll_feed", "read_file"]

"""The working groups' own records: what a secretariat says its group did, with a source."""

from charterwatch.records.model import NewRecord, Record, RecordRevision, check_record

__all__ = ["NewRecord", "Record", "RecordRevision", "check_record"]

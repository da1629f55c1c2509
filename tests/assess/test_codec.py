"""Assessments stored by the writer: the JSON round trip is exact, and a reader in another
workspace uses the stored one until the store changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from charterwatch.assess import agreement_status
from charterwatch.assess.codec import assessment_from_json, assessment_to_json
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

DAY = dt.date(2026, 11, 25)


def test_round_trip_is_exact(sample_workspace):
    for agreement_id in ("az-us-charter-2026", "az-us-mou-2025"):
        assessment = sample_workspace.assessment(sample_workspace.agreement(agreement_id), DAY)
        again = assessment_from_json(json.loads(json.dumps(assessment_to_json(assessment))))
        assert again == assessment
    assert assessment_from_json({"version": -1, "assessment": {}}) is None


def test_a_reader_uses_what_the_writer_stored_until_a_write(sample_store, tmp_path, monkeypatch):
    url = copy_store(sample_store, tmp_path)
    with Workspace(url) as writer:
        charter = writer.agreement()
        expected = writer.assessment(charter, DAY)
        writer.save_assessment(charter, DAY)

    def refuse(*args, **kwargs):
        raise AssertionError("assessed again")

    monkeypatch.setattr(agreement_status, "assess_agreement", refuse)
    with Workspace(url) as reader:
        assert reader.assessment(reader.agreement(), DAY) == expected
        reader.load_agreement(charter.model_copy(update={"timeline": charter.timeline[:-1]}), source="test")
        with pytest.raises(AssertionError, match="assessed again"):
            reader.assessment(reader.agreement(), DAY)

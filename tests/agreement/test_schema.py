"""The JSON Schema in docs/ is generated from the models, and the bundled files satisfy it."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
import yaml

from charterwatch.agreement.bundled import bundled_agreement_text
from charterwatch.agreement.schema import agreement_json_schema, agreement_json_schema_text
from tests.conftest import FIXTURES, REPO


def test_docs_schema_is_current():
    committed = (REPO / "docs" / "agreement.schema.json").read_text(encoding="utf-8")
    assert committed == agreement_json_schema_text(), "run: charterwatch agreement schema > docs/agreement.schema.json"


def _as_json(text: str) -> dict:
    """YAML dates become ISO strings, as a JSON user of the schema would write them."""
    return json.loads(json.dumps(yaml.safe_load(text), default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


@pytest.mark.parametrize("text", [bundled_agreement_text("az-us-charter-2026"), bundled_agreement_text("az-us-mou-2025"),
                                  (FIXTURES / "agreements" / "lake-accord.yaml").read_text(encoding="utf-8")])
def test_agreements_validate_against_the_schema(text):
    jsonschema.Draft202012Validator(agreement_json_schema()).validate(_as_json(text))


def test_schema_rejects_an_unknown_provision_kind():
    data = _as_json(bundled_agreement_text("az-us-charter-2026"))
    data["sections"][0]["provisions"][0]["kind"] = "promise"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(agreement_json_schema()).validate(data)

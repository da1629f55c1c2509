"""The JSON Schema of the agreement format, generated from the pydantic models.

``docs/agreement.schema.json`` is this output; a test fails when the two drift apart.
"""

from __future__ import annotations

import json

from charterwatch.agreement.model import Agreement


def agreement_json_schema() -> dict:
    schema = Agreement.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "charterwatch agreement file (format 1)"
    return schema


def agreement_json_schema_text() -> str:
    return json.dumps(agreement_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

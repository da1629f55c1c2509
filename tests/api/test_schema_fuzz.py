"""The OpenAPI document is valid, and schemathesis's generated requests never make the server fail."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error

from charterwatch.api import create_app
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

DAY = dt.date(2026, 5, 11)
#: Generated requests per operation; raise it for a longer hunt (CHARTERWATCH_FUZZ_EXAMPLES=500).
EXAMPLES = int(os.environ.get("CHARTERWATCH_FUZZ_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def app(sample_store, tmp_path_factory):
    workspace = Workspace(copy_store(sample_store, tmp_path_factory.mktemp("fuzz")))
    yield create_app(workspace, token="fuzz-token", today=lambda: DAY)
    workspace.close()


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_openapi_document_is_valid(app):
    spec = TestClient(app).get("/openapi.json").json()
    validate(spec)
    assert spec["info"]["title"] == "charterwatch"
    assert not any(path == "/" or path.startswith(("/provisions", "/groups/")) for path in spec["paths"])  # pages stay out


def test_no_server_errors(api_schema):
    """Every operation, EXAMPLES generated requests each, with and without the write token: never a 5xx."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 14

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)
        def no_server_error(case):
            case.call_and_validate(checks=[not_a_server_error])
            case.call_and_validate(checks=[not_a_server_error], headers={"Authorization": "Bearer fuzz-token"})

        no_server_error()

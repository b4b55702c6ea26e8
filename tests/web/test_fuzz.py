"""Fuzzing the published OpenAPI schema (schemathesis on hypothesis): whatever a client sends to
any operation — inputs that fit the schema and inputs that break it, with the admin token or a
company token — the answer is never a server error, and always JSON. The budget is small; the
schema's bounds (ids, lengths, ranges) keep the handlers' work small too.

schemathesis' own pytest plugin does not run under the pytest in use here, so each operation's
strategy is driven by hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import ADMIN, SALON, bearer

EXAMPLES = 10
ADMIN_OPERATIONS = 10  # 9 paths; the matrix is read and written


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_no_generated_request_makes_a_server_error(studio, mode):
    schema = schemathesis.openapi.from_asgi("/openapi.json", studio.app(), headers=bearer(ADMIN))
    operations = [result.ok() for result in schema.get_all_operations()]
    admin = [op for op in operations if not op.path.startswith("/api/v1/")]
    assert len(admin) == ADMIN_OPERATIONS  # a route missing from the schema is not fuzzed

    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode))
        def never_a_server_error(case):
            for token in (ADMIN, SALON):
                response = case.call(headers=bearer(token))
                where = f"{case.method} {case.formatted_path} {case.query} {case.body!r}"
                assert response.status_code < 500, f"{where}: {response.text}"
                assert response.headers["content-type"][0].startswith("application/json"), where

        never_a_server_error()

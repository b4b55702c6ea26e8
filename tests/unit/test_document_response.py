"""The slots document is written by pydantic-core (issue 18) and must stay byte for byte what
Starlette's JSONResponse writes: compact, UTF-8 (no \\u escapes), keys in order."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from studiobook.entrypoints.web.public.documents import DocumentResponse

SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_a_slots_document_is_written_as_json_response_writes_it():
    document = {
        "event_type_id": 7, "fallback_used": False, "degraded": False,
        "slots": [{"start": "2026-12-07T09:00:00+01:00", "end": "2026-12-07T09:30:00+01:00",
                   "staff": [3, 1]}],
        "closed": {"2026-12-24": "Heiligabend", "2026-12-26": "2. Weihnachtstag – geschlossen"},
        "note": None,
    }  # fmt: skip
    body = DocumentResponse(document).body
    assert body == JSONResponse(document).body
    assert "Weihnachtstag – geschlossen".encode() in body


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS)
def test_any_document_is_written_the_same(document):
    assert DocumentResponse(document).body == JSONResponse(document).body

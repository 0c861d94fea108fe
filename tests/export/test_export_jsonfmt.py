"""The JSON layout of exports parses back to exactly the value written."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from margin.export.jsonfmt import dumps

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(JSON, st.integers(min_value=0, max_value=4))
def test_dumps_round_trips(value: object, depth: int) -> None:
    assert json.loads(dumps(value, depth=depth)) == value


def test_layout_is_one_record_per_line() -> None:
    text = dumps({"notes": [{"id": "a", "tags": ["x"]}, {"id": "b", "tags": []}]}, depth=2)
    assert text.splitlines() == [
        "{",
        '  "notes": [',
        '    {"id": "a", "tags": ["x"]},',
        '    {"id": "b", "tags": []}',
        "  ]",
        "}",
    ]

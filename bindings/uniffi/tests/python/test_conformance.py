"""The shared conformance cases (tests/conformance/*.json) through the binding's `respond`."""
import json
import pathlib

import pytest
import waystation as w

from conftest import ROOT

CASES = [
    pytest.param(case, id=f"{path.stem}/{case['name']}")
    for path in sorted((ROOT / "tests" / "conformance").glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
]


def same(actual, expected, path="$"):
    """JSON equality; numbers equal within 1e-7 absolute plus 1e-9 relative."""
    num = (int, float)
    if isinstance(expected, bool) or isinstance(actual, bool):
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, num) and isinstance(actual, num):
        assert abs(actual - expected) <= 1e-7 + 1e-9 * abs(expected), f"{path}: {actual} != {expected}"
    elif isinstance(expected, dict) and isinstance(actual, dict):
        assert actual.keys() == expected.keys(), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for k in expected:
            same(actual[k], expected[k], f"{path}.{k}")
    elif isinstance(expected, list) and isinstance(actual, list):
        assert len(actual) == len(expected), f"{path}: length {len(actual)} != {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            same(a, e, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


@pytest.fixture(scope="module")
def catalogue():
    return w.Catalogue.sample()


def test_there_are_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_case(catalogue, case):
    answer = json.loads(catalogue.respond(json.dumps(case["request"])))
    same(answer, case["expected"])

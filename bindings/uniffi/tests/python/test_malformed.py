"""The malformed-input corpus (tests/malformed/, see its README) through the binding's `respond`:
every file must yield its typed error (code, and path where the manifest gives one), never a crash."""
import base64
import json

import pytest
import waystation as w

from conftest import ROOT

DIR = ROOT / "tests" / "malformed"
MANIFEST = json.loads((DIR / "manifest.json").read_text(encoding="utf-8"))
CASES = [pytest.param(case, id=case["file"]) for case in MANIFEST["cases"]]


def request_for(case):
    entry = MANIFEST["entries"][case["entry"]]
    data = (DIR / case["file"]).read_bytes()
    insert = {
        "raw": lambda: data.decode("utf-8"),
        "string": lambda: json.dumps(data.decode("utf-8")),
        "base64": lambda: json.dumps(base64.b64encode(data).decode("ascii")),
    }[entry["insert"]]()
    return entry["template"].replace("@FILE@", insert).ljust(case.get("pad_to_bytes", 0))


@pytest.fixture(scope="module")
def catalogue():
    return w.Catalogue.sample()


def test_the_corpus_is_there():
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES)
def test_malformed(catalogue, case):
    answer = json.loads(catalogue.respond(request_for(case)))
    if "issue" in case:
        assert "ok" in answer, answer
        assert any(i["code"] == case["issue"] for i in answer["ok"]), answer
    else:
        assert "error" in answer, answer
        assert answer["error"]["code"] == case["code"], answer
        if "path" in case:
            assert answer["error"]["path"] == case["path"], answer
    # The instance stays usable after every bad input.
    assert "ok" in json.loads(catalogue.respond('{"op": "catalogue_info"}'))

"""``margin verdict``: sets the verdict on the one claim holding a quote; one clear stderr line
and exit 1 for no claim, several claims, an unknown rating or a bad link."""

from __future__ import annotations

from pathlib import Path

import pytest

from margin.cli import main
from margin.model import Article
from margin.storage.store import Store

BRIDGE = """\
Bridge repairs to close the river road

The river road will close for six weeks from March while the old bridge is repaired, the \
county council said on Monday.

Council leader Ana Ruiz said the repairs would cost four million pounds. "The bridge has \
carried traffic for ninety years and it needs the work," she said.

Local trader Tom Hale said the closure would halve his takings. The Riverside Traders \
Association said shops had not been consulted.
"""


@pytest.fixture
def piece(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(BRIDGE, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "margin.json"
    monkeypatch.setenv("MARGIN_DB", str(path))
    return path


def _verdicts(db: Path, piece: Path):
    store = Store(db)
    entry = store.find_article(str(piece))
    assert entry is not None
    text = store.article_text(entry.sha256)
    article = Article(text=text, title=entry.title, source=entry.source, sha256=entry.sha256)
    return article, store.verdicts.verdicts_for(article)


def test_sets_the_verdict_on_the_claim_holding_the_quote(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["verdict", str(piece), "--quote", "COST  four\nMillion", "--rating",
            "Mostly True", "--note", "Budget papers say *3.8m*.",
            "--link", "https://example.org/budget"]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "verdict 'mostly true' on “the repairs would cost four million pounds”" in out
    article, (verdict,) = _verdicts(db, piece)
    assert article.text[verdict.anchor.start : verdict.anchor.end] == (
        "the repairs would cost four million pounds"
    )
    assert verdict.reasoning == "Budget papers say *3.8m*."
    assert verdict.links == ("https://example.org/budget",)
    # Again on the same claim: changed, not added.
    assert main(["verdict", str(piece), "--quote", "four million", "--rating", "false"]) == 0
    _article, (again,) = _verdicts(db, piece)
    assert again.id == verdict.id and again.rating == "false" and again.reasoning == ""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--quote", "bridge", "--rating", "true"], "2 claims in “Bridge repairs"),
        (["--quote", "the moon is cheese", "--rating", "true"], "no claim in “Bridge repairs"),
        (["--quote", "halve his takings", "--rating", "pants on fire"], "unknown rating"),
        (["--quote", "halve his takings", "--rating", "true", "--link", "javascript:alert(1)"],
         "not an http or https link"),
    ],
)  # fmt: skip
def test_bad_requests_are_one_line_and_exit_1(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert main(["verdict", str(piece), *extra]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("margin: ") and message in lines[0], lines
    assert captured.out == ""
    if db.exists():
        store = Store(db)
        assert list(store.verdicts.all()) == []


def test_config_scale_is_used(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    config = tmp_path / "conf"
    config.mkdir()
    (config / "config.toml").write_text('[verdicts]\nscale = ["Solid", "Shaky"]\nunrated = []\n')
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(config))
    assert main(["verdict", str(piece), "--quote", "takings", "--rating", "true"]) == 1
    assert "choose one of: Solid, Shaky" in capsys.readouterr().err
    assert main(["verdict", str(piece), "--quote", "takings", "--rating", "shaky"]) == 0
    _article, (verdict,) = _verdicts(db, piece)
    assert verdict.rating == "Shaky"


def test_claimreview_export_of_the_sample_with_two_verdicts(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime
    import json

    import jsonschema

    from margin.export.json_export import SCHEMA_PATH
    from margin.sources.sample import SAMPLE_PATH

    config = tmp_path / "conf"
    config.mkdir()
    (config / "config.toml").write_text(
        '[verdicts]\nreviewer = "Harbour Desk"\nreviewer_url = "https://desk.example/"\n'
        'reviewer_type = "Organization"\n'
    )
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(config))
    sample = str(SAMPLE_PATH)
    assert main(["verdict", sample, "--quote", "protect about 3,400 homes", "--rating",
                 "mostly true", "--note", "The flood map counts 3,150.",
                 "--link", "https://maps.example.org/floods"]) == 0  # fmt: skip
    assert main(["verdict", sample, "--quote", "not close the fish market", "--rating",
                 "false", "--note", "Closed in May </script> \u2028 twice."]) == 0  # fmt: skip
    out = tmp_path / "sample.claimreview.jsonld"
    assert main(["export", sample, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "wrote 2 verdicts on 'Harbour city bets on a seawall" in err
    text = out.read_text(encoding="utf-8")
    assert "</script>" not in text and "\u2028" not in text
    data = json.loads(text)
    schema = json.loads(SCHEMA_PATH.with_name("claimreview.schema.json").read_text())
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["@context"] == "https://schema.org"
    homes, market = data["@graph"]
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    appearance = {
        "@type": "CreativeWork",
        "name": "sample.md",
        "headline": "Harbour city bets on a seawall as floods grow costlier",
    }
    desk = {"@type": "Organization", "name": "Harbour Desk", "url": "https://desk.example/"}
    assert homes["@type"] == "ClaimReview"
    assert homes["claimReviewed"] == (
        "the wall would protect about 3,400 homes and most of the fishing fleet from the storm "
        "surges that have flooded the waterfront four times since 2019"
    )
    assert homes["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Ana Ruiz"},
        "appearance": appearance,
    }
    assert homes["reviewRating"] == {
        "@type": "Rating", "ratingValue": 5, "bestRating": 6, "worstRating": 1,
        "alternateName": "mostly true",
    }  # fmt: skip
    assert homes["author"] == desk and homes["datePublished"] == today
    assert homes["reviewBody"] == "The flood map counts 3,150."
    assert homes["citation"] == [
        {"@type": "CreativeWork", "url": "https://maps.example.org/floods"}
    ]
    assert market["claimReviewed"] == "that construction would not close the fish market"
    assert market["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Harbour Engineering Ltd"},
        "appearance": appearance,
    }
    assert market["reviewRating"] == {
        "@type": "Rating", "ratingValue": 2, "bestRating": 6, "worstRating": 1,
        "alternateName": "false",
    }  # fmt: skip
    assert market["author"] == desk and market["datePublished"] == today
    assert market["reviewBody"] == "Closed in May </script> \u2028 twice."
    assert "citation" not in market
    assert str(SAMPLE_PATH.parent) not in text  # the file's name only, never its folder

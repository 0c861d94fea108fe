"""bench/claims_spread.py and bench/claims_ablate.py: the sample layout, the pooled figures,
and a rule left out and put back (on texts and file names written for the test)."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def spread():
    sys.path.insert(0, str(BENCH))
    try:
        import claims_spread

        yield claims_spread
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def ablate():
    sys.path.insert(0, str(BENCH))
    try:
        import claims_ablate

        yield claims_ablate
    finally:
        sys.path.remove(str(BENCH))


def test_first_annotator_is_the_first_file_in_sort_order(spread, tmp_path: Path) -> None:
    ann = tmp_path / "attributions"
    ann.mkdir()
    for name in ("nyt_2016_a_ef2d", "nyt_2016_a_4b22", "wash-post_2016_b_d473"):
        (ann / f"{name}.ann").write_text("", encoding="utf-8")
    assert spread.first_annotators(tmp_path) == {"nyt_2016_a": "4b22", "wash-post_2016_b": "d473"}
    assert spread.publisher("wash-post_2016_b") == "wash-post"


def test_figures_pool_counts_over_articles(spread) -> None:
    rows = [
        spread.Counts("a", "nyt", "x", gold=10, pred=5, tp3=5, tp8=4),
        spread.Counts("b", "nyt", "x", gold=10, pred=15, tp3=5, tp8=2),
    ]
    f = spread.figures(rows)
    # pooled: 10 matched of 20 predicted and 20 gold, not the mean of the two articles' F1
    assert f["p@0.3"] == pytest.approx(0.5) and f["r@0.3"] == pytest.approx(0.5)
    assert f["f1@0.3"] == pytest.approx(0.5)
    assert f["f1@0.8"] == pytest.approx(0.3)


def test_samples_keep_the_layout_and_never_repeat_an_article(spread) -> None:
    rows = [
        spread.Counts(f"{pub}{i}", pub, who, 1, 1, 1, 1)
        for pub in ("nyt", "politico")
        for i, who in enumerate(["x", "y"] * 5)
    ]
    rng = random.Random(1)
    sample = spread.draw_by_publisher(rows, Counter({"nyt": 3, "politico": 2}), rng)
    assert Counter(r.publisher for r in sample) == {"nyt": 3, "politico": 2}
    assert len({r.name for r in sample}) == 5
    cells = Counter({("nyt", "y"): 2, ("politico", "x"): 1})
    sample = spread.draw_by_cell(rows, cells, rng)
    assert Counter((r.publisher, r.annotator) for r in sample) == cells


def test_a_rule_left_out_finds_nothing_and_comes_back(ablate) -> None:
    from margin.analysis import claims_verbs

    rule = claims_verbs.colon_after_cue
    table = claims_verbs.VERB_RULES
    assert rule in table
    with ablate.left_out("claims_verbs", "colon_after_cue"):
        # the table keeps its order and length, with a stand-in where the rule was
        assert rule not in claims_verbs.VERB_RULES
        assert len(claims_verbs.VERB_RULES) == len(table)
        assert claims_verbs.colon_after_cue(object()) is None
    assert claims_verbs.colon_after_cue is rule and rule in claims_verbs.VERB_RULES

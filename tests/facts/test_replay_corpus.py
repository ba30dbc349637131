"""The rule engine on the replay corpus (danvan/replay/articles.yaml): every fact the corpus says its articles
state is read, and nothing else, without running the sites or the DAG (tests/pipeline does that)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from danvan.facts import Article, extract_facts, load_rules
from danvan.replay.corpus import corpus

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


def test_the_engine_reads_exactly_the_facts_the_replay_corpus_states():
    rules = load_rules(SEEDS)
    missed, extra = Counter(), Counter()
    for article in corpus():
        text = "\n\n".join((article.sapo, *article.body))
        read = extract_facts(
            Article(
                url=article.slug, text=text, title=article.title, published_at=article.published_at.date()
            ),
            rules,
        )
        got = Counter((article.slug, f.measure, round(f.value, 2)) for f in read)
        expected = Counter((article.slug, f["measure"], round(float(f["value"]), 2)) for f in article.facts)
        missed += expected - got
        extra += got - expected
    assert (dict(missed), dict(extra)) == ({}, {})

"""Automatic tag matching: whole words and phrases, plurals, any case, fast."""

import pytest

from issues.tagging import Vocabulary

VOCABULARY = Vocabulary(
    {
        "gnn": ["graph neural network", "GNN"],
        "gans": ["GAN", "generative adversarial"],
        "openai": ["OpenAI", "GPT-3"],
        "deepmind": ["DeepMind"],
        "empty": ["", "  "],
    }
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Graph Neural Networks at scale", {"gnn"}),
        ("graph-neural-network libraries", {"gnn"}),
        ("Three new GANs and a generative adversarial trick", {"gans"}),
        ("DeepMind's new agent", {"deepmind"}),
        ("DeepMind\u2019s new agent", {"deepmind"}),
        ("A GPT-3 clone from OpenAI", {"openai"}),
        ("openai/gym: environments", {"openai"}),
        ("Organic gardening and ganache", set()),  # no match inside words
        ("A graph of neural networks", set()),  # the words, but not the phrase
        ("GPT-35 is not a model", set()),
        ("", set()),
    ],
)
def test_it_matches_whole_terms(text, expected):
    assert VOCABULARY.match(text) == expected


def test_it_matches_across_the_texts_of_an_item():
    assert VOCABULARY.match("A new model", "", "Built on a GNN by DeepMind") == {"gnn", "deepmind"}


def test_a_tag_without_terms_never_matches():
    assert "empty" not in VOCABULARY.patterns

"""Match items to tags by their terms. Plain Python, no Django import.

A term matches as a whole word or phrase, case-insensitively, with an optional
plural "s"/"es", and with any run of spaces or hyphens between its words:

>>> vocabulary = Vocabulary({"gnn": ["graph neural network"], "openai": ["OpenAI"]})
>>> sorted(vocabulary.match("New graph-neural networks from OpenAI"))
['gnn', 'openai']
"""

import re
from collections.abc import Hashable, Iterable, Mapping


def term_pattern(term: str) -> str:
    words = [re.escape(word) for word in re.split(r"[\s-]+", term.strip()) if word]
    return r"(?<!\w)" + r"[\s-]+".join(words) + r"(?:e?s)?(?!\w)"


class Vocabulary:
    def __init__(self, terms_by_key: Mapping[Hashable, Iterable[str]]):
        self.patterns = {
            key: re.compile("|".join(term_pattern(term) for term in terms), re.IGNORECASE)
            for key, terms in terms_by_key.items()
            if any(term.strip() for term in terms)
        }

    def match(self, *texts: str) -> set[Hashable]:
        text = "\n".join(texts)
        return {key for key, pattern in self.patterns.items() if pattern.search(text)}

"""Match items to tags by their terms. Plain Python, no Django import.

A term matches as a whole word or phrase, case-insensitively, with an optional
plural "s"/"es", and with any run of spaces or hyphens between its words:

>>> vocabulary = Vocabulary({"gnn": ["graph neural network"], "openai": ["OpenAI"]})
>>> sorted(vocabulary.match("New graph-neural networks from OpenAI"))
['gnn', 'openai']
"""

import re
from collections.abc import Hashable, Iterable, Mapping

TERM_WORDS = re.compile(r"[\s-]+")
TEXT_WORDS = re.compile(r"[^\W_]+")


def term_pattern(term: str) -> str:
    words = [re.escape(word) for word in TERM_WORDS.split(term.strip()) if word]
    return r"(?<!\w)" + r"[\s-]+".join(words) + r"(?:e?s)?(?!\w)"


def _words(text: str) -> set[str]:
    """Lowercase words of a text, each also without a plural ending."""
    words = set()
    for word in TEXT_WORDS.findall(text.lower()):
        words.add(word)
        if word.endswith("s"):
            words.add(word[:-1])
            if word.endswith("es"):
                words.add(word[:-2])
    return words


class Vocabulary:
    def __init__(self, terms_by_key: Mapping[Hashable, Iterable[str]]):
        self.patterns = {}
        # The regexes are exact but cost ~1 ms an item for the whole vocabulary, so
        # each tag's is run only when every word of one of its terms is in the text.
        self.required: dict[Hashable, list[set[str]]] = {}
        for key, terms in terms_by_key.items():
            terms = [term for term in terms if term.strip()]
            if not terms:
                continue
            self.patterns[key] = re.compile("|".join(map(term_pattern, terms)), re.IGNORECASE)
            self.required[key] = [_words(" ".join(TERM_WORDS.split(term))) for term in terms]

    def match(self, *texts: str) -> set[Hashable]:
        text = "\n".join(texts)
        present = _words(text)
        return {
            key
            for key, pattern in self.patterns.items()
            if any(words <= present for words in self.required[key]) and pattern.search(text)
        }

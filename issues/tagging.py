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
TOKENS = re.compile(r"\w+")


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
    """Tags (any hashable keys) and their terms, compiled once, matched against texts.

    `match_exactly` runs one regular expression per tag, each only when every
    word of one of its terms is in the text (~1 ms an item for the whole
    vocabulary). `match` gives the same answer about 25 times faster for ASCII
    text: a term can only match where the text has its first word as a whole
    token (plus "s"/"es" for a one-word term), so each token of the text picks
    the few terms worth trying there. Text that is not ASCII, where lower() and
    IGNORECASE may part ways, and terms that do not start with a letter or digit
    take the exact path.
    """

    def __init__(self, terms_by_key: Mapping[Hashable, Iterable[str]]):
        self.patterns = {}
        self.required: dict[Hashable, list[set[str]]] = {}
        self.by_token: dict[str, list[tuple[Hashable, re.Pattern]]] = {}
        self.exact_only = False
        for key, terms in terms_by_key.items():
            terms = [term for term in terms if term.strip()]
            if not terms:
                continue
            self.patterns[key] = re.compile("|".join(map(term_pattern, terms)), re.IGNORECASE)
            self.required[key] = [_words(" ".join(TERM_WORDS.split(term))) for term in terms]
            for term in (term.strip().lower() for term in terms):
                self._index(key, term)

    def _index(self, key: Hashable, term: str) -> None:
        runs = TOKENS.findall(term)
        if not runs or not term.startswith(runs[0]):
            self.exact_only = True
            return
        pattern = re.compile(term_pattern(term))
        firsts = [runs[0]] if len(runs) > 1 else [runs[0] + end for end in ("", "s", "es")]
        for first in firsts:
            self.by_token.setdefault(first, []).append((key, pattern))

    def match(self, *texts: str) -> set[Hashable]:
        text = "\n".join(texts)
        if self.exact_only or not text.isascii():
            return self.match_exactly(text)
        lower = text.lower()
        found: set[Hashable] = set()
        by_token = self.by_token
        for hit in TOKENS.finditer(lower):
            for key, pattern in by_token.get(hit.group(), ()):
                if key not in found and pattern.match(lower, hit.start()):
                    found.add(key)
        return found

    def match_item(self, item) -> list:
        """The keys an item's title, blurb or abstract matches, in order."""
        return sorted(self.match(item.title, item.blurb, item.abstract))

    def match_exactly(self, *texts: str) -> set[Hashable]:
        text = "\n".join(texts)
        present = _words(text)
        return {
            key
            for key, pattern in self.patterns.items()
            if any(words <= present for words in self.required[key]) and pattern.search(text)
        }

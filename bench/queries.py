"""The fixed mix of queries per class, chosen from the corpus's own document frequencies.

Words are taken from the Word vocabulary where the word is its own English stem
(so PostgreSQL, SQLite's porter tokenizer and Tantivy's en_stem see the same
term), in document-frequency bands relative to the corpus size, so every scale
gets the same kinds of query. The choice is deterministic for a given corpus.
"""

from dataclasses import asdict, dataclass, field

import psycopg

CLASSES = ("rare", "common", "two_terms", "phrase", "exclusion", "prefix", "tag_filter", "facets")

# (low, high) share of items containing the word.
BANDS = {"rare": (0.0001, 0.0006), "mid": (0.004, 0.03), "common": (0.07, 0.14)}
PER_CLASS = 8
# Collocations the generator writes (issues.corpus.COLLOCATIONS), frequent to rare.
PHRASES = [
    "neural network",
    "reinforcement learning",
    "language model",
    "object detection",
    "graph neural network",
    "diffusion models",
]
PREFIXES = ["con", "tra", "gen", "quan", "diffu", "reinf", "embed", "contr"]
TAGS = ["nlp", "computer-vision", "hardware-chips", "robotics", "openai", "datasets"]


@dataclass
class Query:
    cls: str
    q: str
    tag: str = ""
    terms: list[str] = field(default_factory=list)  # for the baselines' own syntax
    phrase: bool = False
    exclude: str = ""
    prefix: str = ""

    def params(self) -> dict:
        params = {"q": self.q}
        if self.tag:
            params["tag"] = self.tag
        return params

    def as_dict(self) -> dict:
        return asdict(self)


def _band(conn, items: int, low: float, high: float) -> list[str]:
    # A stem's document frequency is about the sum over the words that share it.
    rows = conn.execute(
        """WITH words AS (
               SELECT word, ndoc, (ts_lexize('english_stem', word))[1] AS stem
               FROM issues_word WHERE word ~ '^[a-z]{4,}$'),
           stems AS (SELECT stem, sum(ndoc) AS df FROM words GROUP BY stem)
           SELECT word FROM words JOIN stems USING (stem)
           WHERE word = stem AND df BETWEEN %s AND %s ORDER BY word""",
        [max(2, int(items * low)), int(items * high)],
    ).fetchall()
    return [row[0] for row in rows]


def _spread(words: list[str], count: int) -> list[str]:
    if len(words) <= count:
        return words
    step = len(words) / count
    return [words[int(index * step)] for index in range(count)]


def choose(conninfo: str) -> list[Query]:
    with psycopg.connect(conninfo) as conn:
        items = conn.execute("SELECT count(*) FROM issues_item").fetchone()[0]
        rare = _spread(_band(conn, items, *BANDS["rare"]), PER_CLASS)
        mid = _spread(_band(conn, items, *BANDS["mid"]), PER_CLASS)
        common = _spread(_band(conn, items, *BANDS["common"]), PER_CLASS)
    if min(len(rare), len(mid), len(common)) < 4:
        raise SystemExit(f"the corpus is too small for the query mix ({items} items)")
    queries = [Query("rare", word, terms=[word]) for word in rare]
    queries += [Query("common", word, terms=[word]) for word in common]
    pairs = [(common[i], common[i + 1]) for i in range(0, 4, 2)]
    pairs += [(common[i], mid[i]) for i in range(3)]
    pairs += [(mid[i], mid[i + 4]) for i in range(3)]
    queries += [Query("two_terms", f"{a} {b}", terms=[a, b]) for a, b in pairs]
    # Two pairs of common words that are rarely adjacent: few hits, many candidates.
    phrases = [*PHRASES, f"{common[0]} {common[1]}", f"{common[2]} {common[3]}"]
    queries += [Query("phrase", f'"{p}"', terms=p.split(), phrase=True) for p in phrases]
    exclusions = [(common[i], common[(i + 3) % len(common)]) for i in range(4)]
    exclusions += [(common[i], mid[i]) for i in range(2)]
    queries += [Query("exclusion", f"{a} -{b}", terms=[a], exclude=b) for a, b in exclusions]
    queries += [Query("prefix", p, prefix=p) for p in PREFIXES]
    tag_words = [common[0], common[4], mid[0], mid[2], rare[0], common[6]]
    queries += [
        Query("tag_filter", word, tag=tag, terms=[word])
        for word, tag in zip(tag_words, TAGS, strict=True)
    ]
    facet_mix = [rare[1], rare[3], common[1], common[5], f"{mid[1]} {mid[3]}", common[2]]
    queries += [Query("facets", q, terms=q.split()) for q in facet_mix]
    queries += [Query("facets", '"neural network"', terms=["neural", "network"], phrase=True)]
    return queries

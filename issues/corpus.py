"""Synthetic newsletter issues for benchmarks, load tests and the test suite.

Plain Python, no Django import. An issue is a `parsing.ParsedIssue` made from a
Zipfian vocabulary that mixes the domain's words (transformer, contrastive,
diffusion, GPU, ...) with everyday technical prose, frequent collocations (so
phrase queries have real hits) and a long tail of rare pseudo-words (so rare
queries exist). Each issue depends only on (seed, number), so any range of
issues is reproducible on its own and can be made in parallel:

>>> a = make_issue(7, seed=1)
>>> a == make_issue(7, seed=1), a == make_issue(7, seed=2)
(True, False)
>>> from issues.parsing import parse_issue
>>> parse_issue(render_issue(a)) == a
True

`render_issue` writes the FORMAT.md text of an issue; parsing it gives the same
issue back, so generated texts also exercise the real import path.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache

from issues import tagging
from issues.parsing import (
    INDUSTRY,
    KIND_PAPER,
    KIND_REPO,
    LEARNING,
    LIBRARIES,
    MOBILE_EDGE,
    PAPERS,
    ParsedIssue,
    ParsedItem,
    ParsedSection,
)

FIRST_ISSUE_DATE = datetime.date(2017, 1, 5)


def _wordlist(text: str) -> list[str]:
    return text.split()


# Function words: about a third of running text, drawn by their own Zipf law.
FUNCTION_WORDS = _wordlist("""
the of and a to in for with on is that by from as an this we are at it be our its can how
new into which using their these or than not has have also while over both such via about
between without across through up all more most only other one two three when where what
who why your you they them there here then so but if just even much many each any some
""")

# The domain: ranked roughly as an ML newsletter uses them, most frequent first.
DOMAIN_WORDS = _wordlist("""
model learning data neural training network deep AI models language networks research
image machine transformer performance vision dataset tasks inference GPU large results
generative reinforcement framework open source paper text video graph learn attention
diffusion contrastive benchmark representation supervised self-supervised robot agents
agent policy embedding embeddings pretrained fine-tuning tokens token encoder decoder
latent quantization pruning distillation sparse dense convolutional recurrent LSTM BERT
GPT segmentation detection classification optimization gradient speech audio generation
retrieval search ranking recommendation clustering regression kernel bayesian probabilistic
uncertainty calibration robustness adversarial privacy federated fairness interpretability
explainability multimodal multilingual zero-shot few-shot prompt prompting instruction
alignment reward RLHF chatbot LLM LLMs accelerator TPU CUDA chip chips hardware edge mobile
on-device compiler kernels throughput latency memory parameters billion scaling compute
cluster distributed parallelism sharding checkpoint checkpoints pipeline pipelines MLOps
deployment serving monitoring experiment experiments hyperparameter hyperparameters AutoML
PyTorch TensorFlow JAX Keras ONNX TensorRT notebook notebooks tutorial tutorials library
libraries repository implementation API SDK python code open-source weights checkpointing
vae autoencoder variational normalizing flows score denoising sampler sampling samplers
GAN GANs StyleGAN NeRF rendering 3D point cloud depth pose tracking optical flow lidar
self-driving autonomous driving drone drones robotics manipulation grasping locomotion
simulation simulator sim2real world medical clinical healthcare protein drug molecules
molecular genomics biology radiology patient patients disease cancer diagnosis imaging
satellite climate weather forecasting time-series anomaly fraud finance trading recommender
ads advertising e-commerce translation summarization question answering dialogue reasoning
math code-generation program synthesis theorem knowledge graph graphs GNN node message
passing mixture experts MoE routing sparse-attention long-context context window memory
retrieval-augmented RAG vector database index indexing ANN nearest neighbor similarity
metric learning triplet siamese contrastive-loss augmentation augmentations regularization
dropout normalization batchnorm layernorm activation ReLU GELU optimizer Adam SGD schedule
warmup learning-rate loss objective likelihood entropy perplexity accuracy precision recall
F1 BLEU ROUGE benchmarks leaderboard SOTA state-of-the-art baseline baselines ablation
ablations evaluation evals eval human feedback preference annotators labeling annotation
synthetic curriculum active semi-supervised unsupervised weakly noisy labels label
""")

GENERAL_WORDS = _wordlist("""
approach method methods new show shows propose proposes introduce introduces present
presents demonstrate improve improves improved improving achieve achieves efficient
efficiency simple scalable fast faster better best novel recent release released
releases announces announced launch launches team company companies startup startups
funding raises million users developers engineers researchers scientists university lab
labs industry product products platform platforms service services cloud tool tools guide
introduction overview deep-dive look inside behind future year week report study survey
analysis understanding building build built train trained trains run running works work
working used use uses applications application problems problem challenge challenges
approach approaches technique techniques system systems architecture architectures design
designs solution solutions quality cost costs time real-world practical production scale
large-scale small tiny lightweight powerful accurate robust general general-purpose
specific popular standard common key important major first latest next-generation
open-sourced available free commercial enterprise global local private public government
policy regulation ethics safety risk risks trust bias impact society jobs workers art
artists creative music games game chess Go players play human humans people brain
neuroscience cognitive learning-based end-to-end step-by-step hands-on interactive visual
visualization dashboard explainer demo demos playground competition challenge prize
conference workshop talk talks lecture course courses book books podcast interview
interviews article articles blog post posts thread newsletter update updates version
support feature features integration integrations workflow workflows stack toolkit
""")

ORGS = _wordlist("""
Google OpenAI DeepMind Microsoft Nvidia Meta Facebook Apple Amazon Tesla HuggingFace
Anthropic Baidu Alibaba Tencent Samsung Intel AMD Qualcomm IBM Salesforce Uber Netflix
Spotify Twitter Stanford MIT Berkeley CMU Oxford Cambridge Toronto Montreal Mila Kaggle
""")

COLLOCATIONS = [
    "neural network",
    "neural networks",
    "deep learning",
    "machine learning",
    "language model",
    "large language model",
    "language models",
    "reinforcement learning",
    "computer vision",
    "natural language processing",
    "object detection",
    "image classification",
    "graph neural network",
    "diffusion model",
    "diffusion models",
    "contrastive learning",
    "self-supervised learning",
    "transfer learning",
    "speech recognition",
    "knowledge distillation",
    "federated learning",
    "generative adversarial networks",
    "open source",
    "state of the art",
    "semantic segmentation",
    "pose estimation",
    "text-to-image generation",
    "vision transformer",
    "attention mechanism",
    "model compression",
    "neural architecture search",
    "policy gradient",
    "multi-agent reinforcement learning",
    "autonomous driving",
    "drug discovery",
    "protein structure prediction",
    "recommender systems",
    "time series forecasting",
    "anomaly detection",
    "question answering",
    "machine translation",
    "sentiment analysis",
    "data augmentation",
    "hyperparameter tuning",
    "distributed training",
    "mixed precision training",
    "model serving",
    "edge devices",
    "mobile devices",
    "on-device inference",
    "post-training quantization",
    "structured pruning",
    "sparse mixture of experts",
    "retrieval-augmented generation",
    "chain of thought",
    "instruction tuning",
    "human feedback",
    "zero-shot learning",
    "few-shot learning",
    "representation learning",
    "variational autoencoder",
    "score matching",
    "point clouds",
    "optical flow",
    "video generation",
    "image generation",
    "style transfer",
    "super resolution",
    "medical imaging",
    "self-driving cars",
    "GPU clusters",
    "training at scale",
    "inference engine",
    "experiment tracking",
    "TensorFlow Lite",
    "Core ML",
    "ML Kit",
    "Google Research",
    "Microsoft Research",
    "Facebook AI",
    "Hugging Face",
]

SYLLABLES = _wordlist("""
ka lo mi ra ten vor quo zel bri dan fe gru hal ix jun ko lum mar nex ob pra qui ros sen
tri ul vek wan xi yor zu ar bel cor dex el fin gor hem in jor kel lan mor nor or pel rin
sol tor ur val wes yl zor an bo ce di eu fa gi ho iu ja
""")

TAIL_WORDS = 60_000
OWNERS = 4_000
SECTION_SIZES = {  # (min, max) items per section; about 30 an issue
    INDUSTRY: (7, 10),
    MOBILE_EDGE: (3, 6),
    LEARNING: (5, 9),
    LIBRARIES: (4, 8),
    PAPERS: (3, 6),
}
TITLELESS_RATE = 0.03
SPONSORED_RATE = 0.04  # of Industry items
NOTE_RATE = 0.005
MISSING_MOBILE_RATE = 0.1
REPO_RATE = 0.6  # of Libraries & Code items
ABSTRACT_WORDS = (80, 200)


class Vocabulary:
    """Words ranked by frequency, with cumulative Zipf weights for sampling."""

    def __init__(self, words: list[str], offset: float):
        self.words = words
        self.cumulative = list(
            itertools.accumulate(1.0 / (rank + offset) for rank in range(len(words)))
        )

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def draw_one(self, rng: random.Random) -> str:
        return self.words[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _interleave(*lists: list[str]) -> list[str]:
    seen: set[str] = set()
    ranked = []
    for group in itertools.zip_longest(*lists):
        for word in group:
            if word is not None and word.lower() not in seen:
                seen.add(word.lower())
                ranked.append(word)
    return ranked


def _pseudo_words(count: int, taken: set[str]) -> list[str]:
    # A fixed private generator: the vocabulary is the same whatever the corpus seed.
    rng = random.Random(20170105)
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if len(word) >= 4 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


@cache
def vocabularies() -> tuple[Vocabulary, Vocabulary, Vocabulary, Vocabulary, list[str]]:
    """(function words, content words, rare names, collocations, repository owners)."""
    content = _interleave(DOMAIN_WORDS, GENERAL_WORDS)
    for index, org in enumerate(ORGS):  # a company every 12th rank, Google first
        content.insert(4 + 12 * index, org)
    tail = _pseudo_words(TAIL_WORDS + OWNERS, {word.lower() for word in content})
    return (
        Vocabulary(FUNCTION_WORDS, offset=1.5),
        # Offsets chosen so the top content word is in about 30% of items, the 50th
        # in about 10%, and tail names range from 1% down to a handful of items.
        Vocabulary(content, offset=20.0),
        Vocabulary(tail[:TAIL_WORDS], offset=100.0),
        Vocabulary(COLLOCATIONS, offset=8.0),
        tail[TAIL_WORDS:],
    )


# Shares of running text: function words, content words, rare names, collocations.
TEXT_MIX = (34, 55, 9, 2)


def _words(rng: random.Random, count: int) -> list[str]:
    """Running text: function words, content words, rare names and the odd collocation."""
    *pools, _ = vocabularies()
    kinds = rng.choices(range(len(pools)), weights=TEXT_MIX, k=count)
    drawn = [iter(pool.draw(rng, kinds.count(kind))) for kind, pool in enumerate(pools)]
    return [next(drawn[kind]) for kind in kinds]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = _words(rng, rng.randint(low, high))
    return words[0][:1].upper() + " ".join(words)[1:] + "."


def _title(rng: random.Random) -> str:
    words = _words(rng, rng.randint(4, 11))
    if rng.random() < 0.25:
        words[0] = rng.choice(ORGS)
    title = " ".join(word[:1].upper() + word[1:] if len(word) > 3 else word for word in words)
    if rng.random() < 0.2:
        head = vocabularies()[3].draw_one(rng).title()
        title = f"{head}: {title}"
    return title[:1].upper() + title[1:]


def _repo_name(rng: random.Random) -> str:
    _, content, _, _, owners = vocabularies()
    parts = [w.lower() for w in content.draw(rng, rng.randint(1, 3)) if w.isalnum()]
    return f"{rng.choice(owners)}/{'-'.join(parts) or 'toolkit'}"


def _item(rng: random.Random, section: str, titled: bool) -> ParsedItem:
    if section == PAPERS:
        target = rng.randint(*ABSTRACT_WORDS)
        sentences, total = [], 0
        while total < target:
            words = " ".join(_words(rng, rng.randint(10, 28))).split()[: target - total]
            sentences.append(words[0][:1].upper() + " ".join(words)[1:] + ".")
            total += len(words)
        cut = len(sentences) // 2 if len(sentences) > 4 and rng.random() < 0.3 else len(sentences)
        abstract = " ".join(sentences[:cut])
        if cut < len(sentences):
            abstract += "\n\n" + " ".join(sentences[cut:])
        return ParsedItem(title=_title(rng), abstract=abstract, kind=KIND_PAPER)
    blurb = _sentence(rng, 8, 30)
    if rng.random() < 0.3:
        blurb += " " + _sentence(rng, 6, 16)
    if section == LIBRARIES and rng.random() < REPO_RATE:
        name = _repo_name(rng)
        return ParsedItem(
            title=name, blurb=blurb, kind=KIND_REPO, url=f"https://github.com/{name}"
        )
    item = ParsedItem(title=_title(rng) if titled else "", blurb=blurb)
    if section == INDUSTRY and rng.random() < SPONSORED_RATE:
        item.sponsored = True
    if titled and rng.random() < NOTE_RATE:
        item.note = "This item was suggested by a reader."
    return item


# An archive of many newsletters: six issues a day, so 33,000 issues span 15 years
# (a weekly date for each would reach the year 2650 and give 640 year facets).
ISSUES_PER_DAY = 6


def issue_date(number: int) -> datetime.date:
    return FIRST_ISSUE_DATE + datetime.timedelta(days=(number - 1) // ISSUES_PER_DAY)


def issue_shape(number: int, seed: int) -> list[tuple[str, list[bool]]]:
    """The sections of an issue and, per item, whether it keeps its title.

    Drawn apart from the text, so a bulk loader can number every row of a
    range of issues before any text exists.
    """
    rng = random.Random((seed * 1_000_003 + number) * 2 + 1)
    shape = []
    for name, (low, high) in SECTION_SIZES.items():
        if name == MOBILE_EDGE and rng.random() < MISSING_MOBILE_RATE:
            continue
        count = rng.randint(low, high)
        # The first item of a section keeps its title: a stripped one there would
        # read as a stripped section header (FORMAT.md).
        titled = [i == 0 or name == PAPERS or rng.random() >= TITLELESS_RATE for i in range(count)]
        shape.append((name, titled))
    return shape


def make_issue(number: int, seed: int) -> ParsedIssue:
    """Issue `number` of the corpus `seed`: about 30 items in the five sections."""
    rng = random.Random((seed * 1_000_003 + number) * 2)
    sections = [
        ParsedSection(name, [_item(rng, name, keep) for keep in titled])
        for name, titled in issue_shape(number, seed)
    ]
    topics = [item.title for s in sections for item in s.items if item.title][:4]
    subtitle = ", ".join(t.split(":")[0] for t in topics[:3]) + " and more..."
    intro = "\n\n".join(
        [
            "Hey folks,",
            "This week in deep learning we bring you " + _sentence(rng, 12, 24),
            "You may also enjoy " + _sentence(rng, 12, 24),
            "As always, happy reading and hacking. If you have something you think should be "
            "in next week's issue, find us on Twitter: @dl_weekly.",
            "Until next week!",
        ]
    )
    return ParsedIssue(
        number=number,
        title=f"Deep Learning Weekly Issue #{number}",
        subtitle=subtitle,
        intro=intro,
        sections=sections,
    )


def render_issue(issue: ParsedIssue) -> str:
    """The FORMAT.md text of an issue, with holes where titles were stripped."""
    parts = [issue.title, issue.subtitle, issue.intro]
    for index, section in enumerate(issue.sections):
        if index > 0 or section.name != INDUSTRY:
            parts.append(section.name)
        for item in section.items:
            parts.extend(_render_item(item))
    return "\n\n".join(parts) + "\n"


def _render_item(item: ParsedItem) -> list[str]:
    if item.kind == KIND_PAPER:
        first, *rest = item.abstract.split("\n\n")
        return [item.title, "Abstract: " + first, *rest]
    title = f"[Github] {item.title}" if item.kind == KIND_REPO else item.title
    blurb = item.blurb + (" (Sponsored Content)" if item.sponsored else "")
    # A stripped title leaves an extra blank line: the hole the parser reads.
    parts = [title, blurb] if title else ["\n" + blurb]
    if item.note:
        parts.append("*" + item.note)
    return parts


def source_stub(number: int, seed: int) -> str:
    """The short stand-in source text bulk-generated issues store (see generate_corpus)."""
    return (
        f"Deep Learning Weekly Issue #{number}\n\n"
        f"Generated by `manage.py generate_corpus --seed {seed}`; "
        "issues.corpus.render_issue(make_issue(number, seed)) gives the full text.\n"
    )


# --- Rows for PostgreSQL COPY (text format), made without a database ---------

ITEM_COLUMNS = (
    "id, issue_id, section_id, position, title, blurb, abstract, kind, sponsored, note, url, "
    "created_at, updated_at, issue_number, published_on, section_name, section_position, "
    "tag_ids"
)
ISSUE_COLUMNS = (
    "id, number, title, subtitle, intro, published_on, source_text, source_sha256, "
    "created_at, updated_at"
)
SECTION_COLUMNS = "id, issue_id, name, position"
ITEMTAG_COLUMNS = "item_id, tag_id, source, created_at"  # the id comes from its sequence


@dataclass(frozen=True)
class Chunk:
    """A run of issues and the first row id of each table that it will use."""

    numbers: range
    seed: int
    issue_id: int
    section_id: int
    item_id: int


def plan_chunks(
    numbers: range, seed: int, first_ids: tuple[int, int, int], size: int = 100
) -> list[Chunk]:
    """Cut `numbers` into chunks that can be made in any order, ids already fixed."""
    issue_id, section_id, item_id = first_ids
    chunks = []
    for begin in range(0, len(numbers), size):
        part = numbers[begin : begin + size]
        chunks.append(Chunk(part, seed, issue_id, section_id, item_id))
        shapes = [issue_shape(number, seed) for number in part]
        issue_id += len(part)
        section_id += sum(len(shape) for shape in shapes)
        item_id += sum(len(titled) for shape in shapes for _, titled in shape)
    return chunks


def _field(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _line(*values) -> str:
    return "\t".join(
        ("t" if value else "f") if isinstance(value, bool) else _field(str(value))
        for value in values
    )


def chunk_rows(chunk: Chunk, tags: tagging.Vocabulary, stamp: str) -> dict[str, str]:
    """COPY text for the four tables (issue, section, item, item-tag) of a chunk."""
    issues, sections, items, item_tags = [], [], [], []
    section_id, item_id = chunk.section_id, chunk.item_id
    for offset, number in enumerate(chunk.numbers):
        issue = make_issue(number, chunk.seed)
        issue_id = chunk.issue_id + offset
        source = source_stub(number, chunk.seed)
        digest = hashlib.sha256(source.encode()).hexdigest()
        published_on = issue_date(number).isoformat()
        issues.append(
            _line(issue_id, number, issue.title, issue.subtitle, issue.intro,
                  published_on, source, digest, stamp, stamp)
        )  # fmt: skip
        for position, section in enumerate(issue.sections, start=1):
            sections.append(_line(section_id, issue_id, section.name, position))
            for index, item in enumerate(section.items, start=1):
                tag_ids = tags.match_item(item)
                items.append(
                    _line(item_id, issue_id, section_id, index, item.title, item.blurb,
                          item.abstract, item.kind, item.sponsored, item.note, item.url,
                          stamp, stamp, number, published_on, section.name, position,
                          "{" + ",".join(map(str, tag_ids)) + "}")
                )  # fmt: skip
                for tag_id in tag_ids:
                    item_tags.append(_line(item_id, tag_id, "auto", stamp))
                item_id += 1
            section_id += 1
    return {
        "issues_issue": "\n".join(issues) + "\n",
        "issues_section": "\n".join(sections) + "\n",
        "issues_item": "\n".join(items) + "\n",
        "issues_itemtag": "\n".join(item_tags) + "\n" if item_tags else "",
    }


# A worker process of a multiprocessing pool keeps its tag matcher here.
_worker: dict = {}


def init_worker(terms_by_key: dict, stamp: str) -> None:
    _worker.update(matcher=tagging.Vocabulary(terms_by_key), stamp=stamp)


def worker_rows(chunk: Chunk) -> dict[str, str]:
    return chunk_rows(chunk, _worker["matcher"], _worker["stamp"])

import re
from functools import reduce
from operator import or_

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject, Replace
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify

from issues import parsing
from issues.paths import path_to

# Generated columns need immutable expressions: to_tsvector is immutable only
# with an explicit configuration, so every SearchVector names one.
SEARCH_CONFIG = "english"


class SectionName(models.TextChoices):
    INDUSTRY = parsing.INDUSTRY
    MOBILE_EDGE = parsing.MOBILE_EDGE
    LEARNING = parsing.LEARNING
    LIBRARIES = parsing.LIBRARIES
    PAPERS = parsing.PAPERS

    @property
    def slug(self) -> str:
        return slugify(self.value)

    @classmethod
    def from_slug(cls, slug: str) -> "SectionName | None":
        return next((name for name in cls if name.slug == slug), None)


class Kind(models.TextChoices):
    ARTICLE = parsing.KIND_ARTICLE, "Article"
    REPO = parsing.KIND_REPO, "Repository"
    PAPER = parsing.KIND_PAPER, "Paper"


# Longer queries are cut: no reader types more, and every word is a tsquery node.
MAX_QUERY_LENGTH = 500
SEARCH_SORTS = ("relevance", "newest", "oldest")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_query(text: str) -> str:
    """The query as PostgreSQL can take it: no NUL, control chars or lone surrogates."""
    return _NOT_TEXT.sub(" ", text or "")[:MAX_QUERY_LENGTH].strip()


# to_tsvector's parser reads "<think>" as an HTML tag and drops it, so the search
# vectors index every text with "<" as a space (migration 0012).
# websearch_to_tsquery already reads a query's "<think>" as "think".
def searchable(column: str) -> Replace:
    """A text column as the search vectors read it."""
    return Replace(column, Value("<"), Value(" "), output_field=models.TextField())


# Broad queries, with more matches than BROAD_MATCHES, are ranked among the
# matches with a query word in the title and counted on a sample of the archive
# (see docs/scaling.md); up to BROAD_MATCHES every rank and count is exact.
BROAD_MATCHES = 2000
SAMPLE_BUCKETS = 256  # Item.sample_bucket is id % 256
SAMPLE_SHARES = (8, 32, 256)
_QUOTED_OR_WORD = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def positive_words(text: str) -> list[str]:
    """The words a web-search query asks for: not the `-excluded` ones, not `or`.

    >>> positive_words('diffusion -gan "image generation" or -"style transfer"')
    ['diffusion', 'image', 'generation']
    """
    words = []
    for match in _QUOTED_OR_WORD.finditer(clean_query(text)):
        excluded = match.group(1) or match.group(3)
        phrase = match.group(2) if match.group(2) is not None else match.group(4)
        if excluded or phrase.lower() == "or":
            continue
        words += [word for word in re.findall(r"\w[\w'-]*", phrase) if word]
    return words


_PLAIN_TSQUERY = f"plainto_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
_LEXEMES = f"tsvector_to_array(to_tsvector('{SEARCH_CONFIG}'::regconfig, %s))"
# How many of a word's list (BroadTerm.item_ids, best first) are its best
# candidates: enough for the first pages of a broad query. The rest of the list
# is read only when the query's filters leave fewer than a page of them
# (ItemQuerySet.deeper_candidates).
BEST_OF_LIST = 300
# Items {first} to {last} of the lists of the query's words (%s: the words).
_LIST_SQL = f"""
SELECT unnest(item_ids[{{first}}:{{last}}]) FROM issues_broadterm
WHERE lexeme = ANY({_LEXEMES})"""  # noqa: S608 (constants)
# ItemQuerySet.best_candidates: the best of the lists, and the title matches
# ({any_word}: one plainto_tsquery per word, ORed) added since they were made.
# The newer items are walked by id from the lists' watermark: the planner
# cannot know the watermark when it plans, and would otherwise read every title
# match of a broad word to keep the few new ones.
_CANDIDATES_SQL = """
UNION
SELECT i.id FROM generate_series(
    (SELECT coalesce(min(up_to), 0) FROM issues_broadterm) + 1,
    (SELECT max(id) FROM issues_item)
) newer (id) JOIN issues_item i ON i.id = newer.id
WHERE i.search_title @@ ({any_word})
"""
_ALL_IN_TITLE_SQL = f"""
UNION
SELECT id FROM issues_item WHERE search_title @@ {_PLAIN_TSQUERY}
"""  # noqa: S608 (constants)


ITEM_VECTOR = (
    SearchVector(searchable("title"), weight="A", config=SEARCH_CONFIG)
    + SearchVector(searchable("blurb"), weight="B", config=SEARCH_CONFIG)
    + SearchVector(searchable("abstract"), weight="C", config=SEARCH_CONFIG)
)
PAIRS_FIELD = ArrayField(models.IntegerField())
TAG_IDS = ArrayField(models.BigIntegerField())
# Reading order, newest issue first, by the item's own copies of its issue's and
# section's keys (Item.issue_number...): a search orders its matches without a join.
NEWEST_MATCHES = ("-issue_number", "section_position", "position", "id")


class WordPairs(Func):
    """Hashes of a tsvector's adjacent lexemes (SQL function from migration 0010)."""

    function = "issues_word_pairs"
    output_field = PAIRS_FIELD


class PhrasePairs(Func):
    """Hashes of the lexeme pairs a tsquery needs side by side; none for a query
    with OR or NOT (SQL function from migration 0010)."""

    function = "issues_phrase_pairs"
    output_field = PAIRS_FIELD


def search_query(text: str) -> SearchQuery:
    """Web-search syntax: words ANDed, "quoted phrase", or, -exclude; never a syntax error."""
    return SearchQuery(clean_query(text), search_type="websearch", config=SEARCH_CONFIG)


def count_of(rows: models.QuerySet, field: str) -> Coalesce:
    """How many of `rows` have `field` equal to the outer row: a correlated count.

    Not a GROUP BY join: with a LIMIT (a page, the newest six issues) PostgreSQL
    counts for the rows it returns only, and each count reads an index that leads
    with `field` (the home page at 100k items: ~110 ms instead of ~800 ms; its top
    tags at 1M: ~0.3 s instead of ~0.8 s, where the join grouped every tag link).
    """
    counts = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counts), 0)


class IssueQuerySet(models.QuerySet):
    def with_item_count(self):
        return self.annotate(item_count=count_of(Item.objects.all(), "issue"))

    def search(self, q: str):
        """Issues whose subtitle or intro match, best first, then newest."""
        if not clean_query(q):
            return self.none()
        query = search_query(q)
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True))
            .order_by("-rank", "-number")
        )


class Issue(models.Model):
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    subtitle = models.TextField(blank=True)
    intro = models.TextField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    source_text = models.TextField(editable=False)
    source_sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector(searchable("subtitle"), weight="A", config=SEARCH_CONFIG)
        + SearchVector(searchable("intro"), weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="issue_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="issue_number_positive"),
        ]
        indexes = [
            # The issue list filters by year.
            models.Index(fields=["published_on"], name="issue_published_on_idx"),
            # When the archive last changed (the API's Last-Modified) is a max():
            # with these three indexes it reads one row instead of every table.
            models.Index(fields=["updated_at"], name="issue_updated_at_idx"),
            GinIndex(fields=["search_vector"], name="issue_search_vector_idx"),
        ]

    def __str__(self) -> str:
        return f"Issue #{self.number}"

    def get_absolute_url(self) -> str:
        return path_to("issues:issue-detail", self.number)


class IssueRevision(models.Model):
    """A source text an issue had before `--update` replaced it."""

    issue = models.ForeignKey(Issue, models.CASCADE, related_name="revisions")
    source_text = models.TextField()
    source_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Issue #{self.issue.number} revision of {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("admin:issues_issuerevision_change", args=[self.pk])


class Section(models.Model):
    # Indexed by section_unique_position (issue first), so no index of its own.
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="sections", db_index=False)
    name = models.CharField(max_length=40, choices=SectionName.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="section_unique_position"),
            models.CheckConstraint(
                condition=Q(name__in=SectionName.values), name="section_name_valid"
            ),
        ]
        indexes = [
            # Section pages list one section's items across issues.
            models.Index(fields=["name"], name="section_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (issue #{self.issue.number})"

    def get_absolute_url(self) -> str:
        return f"{self.issue.get_absolute_url()}#section-{self.slug}"

    @property
    def slug(self) -> str:
        return slugify(self.name)


LIST_DEFERRED_ITEM_COLUMNS = (
    "search_vector",
    "search_title",
    "search_pairs",
    "issue__source_text",
    "issue__search_vector",
)


class ItemQuerySet(models.QuerySet):
    def tagged(self, *tags):
        """Items carrying every one of the tags (Tag instances or ids): AND."""
        # EXISTS rather than a join: no duplicate rows to remove, and the planner
        # may start from the text match and probe each match's tags (at 1M items
        # a tag has 100,000 of them).
        queryset = self
        for tag in tags:
            queryset = queryset.filter(
                Exists(ItemTag.objects.filter(item=OuterRef("pk"), tag=tag))
            )
        return queryset

    def in_section(self, name: str):
        # The item's copy of its section's name: a section's page walks an index.
        return self.filter(section_name=name)

    def for_lists(self):
        """Rows for item lists (pages, feeds, search, API): with their issue, section
        and tags (Item.listed_tags), without the large columns no list shows (the
        search vectors and the issue's source text)."""
        # The tags come in the rows' own query, one array per item: a prefetch
        # would cost a query and a model instance per tag link.
        tags = (
            Tag.objects.filter(item_tags__item=OuterRef("pk"))
            .order_by("name", "id")
            .values(json=JSONObject(id="id", name="name", slug="slug"))
        )
        return (
            self.select_related("issue", "section")
            .defer(*LIST_DEFERRED_ITEM_COLUMNS)
            .annotate(tag_list=ArraySubquery(tags))
        )

    def newest_first(self):
        return self.order_by(*NEWEST_MATCHES)

    def oldest_first(self):
        return self.order_by("issue_number", *NEWEST_MATCHES[1:])

    def search(self, q: str, sort: str = "relevance"):
        """Items matching a web-search query, annotated with `rank`.

        Ranked by cover density over the weighted vector (title A, blurb B,
        abstract C); ties go to the newer issue, then reading order. An empty or
        all-stopword query matches nothing. `sort` is one of SEARCH_SORTS.
        """
        if sort not in SEARCH_SORTS:
            raise ValueError(f"sort must be one of {', '.join(SEARCH_SORTS)}, not {sort!r}")
        if not clean_query(q):
            return self.none()
        query = search_query(q)
        found = (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True))
            .alias(phrase_pairs=PhrasePairs(query))  # see narrowed_by_word_pairs()
        )
        words = positive_words(q)
        if words:  # for broad queries: see best_candidates() and in_titles()
            any_word = reduce(or_, (SearchQuery(w, config=SEARCH_CONFIG) for w in words))
            in_title = ExpressionWrapper(Q(search_title=any_word), output_field=BooleanField())
            # A quoted phrase's words are one unit: their lists hold its best items.
            together = len(words) > 1 and '"' not in q
            found = found.alias(
                in_title=in_title,
                query_words=Value(" ".join(words)),
                query_together=Value(together),
            )
        if sort == "newest":
            return found.newest_first()
        if sort == "oldest":
            return found.oldest_first()
        return found.order_by("-rank", *NEWEST_MATCHES)

    def narrowed_by_word_pairs(self):
        """A searched queryset that finds a quoted phrase's matches through the
        index of word pairs (Item.search_pairs) before reading their positions.

        For a search expected to have few matches: a phrase of common words
        ("deepmind framework": 47 matches among 2,165 items with both words at
        100k) then reads its few matches instead of every item with both words.
        Not for broad ones: PostgreSQL takes the pairs and the phrase for
        independent conditions, expects a few rows and plans joins for a few.
        The pairs are constant, so a query without any plans as if unnarrowed.
        """
        if "phrase_pairs" not in self.query.annotations:
            return self
        pairs = F("phrase_pairs")
        no_pairs = Exact(pairs, Value([], output_field=PAIRS_FIELD))
        return self.filter(Q(no_pairs) | Q(search_pairs__contains=pairs))

    def in_titles(self):
        """A searched queryset cut to the matches with a query word in the title.

        How broad queries are ranked when BroadTerm has no list for their words:
        a title word weighs as much as 2.5 blurb or 5 abstract occurrences, so
        the best-ranked matches of a query with thousands of them have a query
        word in the title, and the title index finds those without reading
        every match. The rank is still computed on the full vector. Other
        querysets come back unchanged.
        """
        if "in_title" not in self.query.annotations:
            return self
        return self.filter(in_title=True)

    def best_candidates(self):
        """A searched queryset cut to the items most likely to rank best.

        The candidates are the first BEST_OF_LIST of BroadTerm's lists for the
        query's words, the title matches added since the lists were built (all
        of them when there are no lists) and, for several words that are not a
        quoted phrase, the items with all of them in the title. For a one-word
        query the list holds the exact top. Read by primary key, so a page of a
        query with 100,000 matches ranks a few hundred rows.
        """
        if "query_words" not in self.query.annotations:
            return self
        words = self.query.annotations["query_words"].value
        any_word = " || ".join([_PLAIN_TSQUERY] * len(words.split()))
        best = _LIST_SQL.format(first=1, last=BEST_OF_LIST)
        sql = best + _CANDIDATES_SQL.replace("{any_word}", any_word)
        params = [words, *words.split()]
        if self.query.annotations["query_together"].value:
            sql += _ALL_IN_TITLE_SQL
            params.append(words)
        # The words are bound parameters.
        return self.filter(pk__in=RawSQL(sql, params))  # noqa: S611

    def deeper_candidates(self):
        """A searched queryset cut to the rest of its words' lists, past BEST_OF_LIST.

        For a broad word with a filter that few of its best items pass (a tag
        seldom among them): the next items of the word's exact ranking, each
        checked against the filter by primary key, instead of ranking every title
        match that passes it. For one word, the best candidates and these are
        together the exact top of the word's ranking, so a page found among them
        is exact. Other querysets come back unchanged.
        """
        if "query_words" not in self.query.annotations:
            return self
        words = self.query.annotations["query_words"].value
        sql = _LIST_SQL.format(first=BEST_OF_LIST + 1, last="")
        # The words are bound parameters.
        return self.filter(pk__in=RawSQL(sql, [words]))  # noqa: S611

    def sample(self, share: int):
        """About 1 in `share` items (8, 32 or 256), by id: for estimating counts of broad queries.

        Ids are spread evenly over issues, sections and years, and each share
        has its own partial index, so counting a sample reads 1/share of the matches.
        """
        if share not in SAMPLE_SHARES:
            raise ValueError(f"share must be one of {SAMPLE_SHARES}, not {share}")
        return self.filter(sample_bucket__lt=SAMPLE_BUCKETS // share)


class Item(models.Model):
    # issue duplicates section.issue so that lists can filter and sort by issue
    # without a join through sections; the importer and the admin keep them equal.
    # Indexed by item_issue_position_idx and item_unique_position_in_section (each
    # leads with it), so neither key has an index of its own to update on import.
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="items", db_index=False)
    section = models.ForeignKey(Section, models.CASCADE, related_name="items", db_index=False)
    position = models.PositiveSmallIntegerField()
    title = models.TextField(blank=True)
    blurb = models.TextField(blank=True)
    abstract = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    sponsored = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    tags = models.ManyToManyField("Tag", through="ItemTag", related_name="items", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Copies of the issue's number and date and the section's name and position,
    # which triggers keep exact (migration 0013; the application never writes
    # them): search ranks, counts and sorts a match without reading either table.
    # The database default makes each insert return the copied values.
    issue_number = models.PositiveIntegerField(db_default=0, editable=False)
    published_on = models.DateField(db_default=None, null=True, editable=False)
    section_name = models.CharField(
        max_length=40, choices=SectionName.choices, db_default="", editable=False
    )
    section_position = models.PositiveSmallIntegerField(db_default=0, editable=False)
    # The ids of the item's tags, in order, which triggers keep equal to its ItemTag
    # rows (migration 0014): a search counts its matches by tag on the rows it read.
    # The importer writes them with the item, so the links it adds change nothing.
    tag_ids = ArrayField(
        models.BigIntegerField(), db_default=Value([], output_field=TAG_IDS), editable=False
    )
    search_vector = models.GeneratedField(
        expression=ITEM_VECTOR, output_field=SearchVectorField(), db_persist=True
    )
    # Which words stand side by side, hashed (migrations 0010, 0011): a phrase is
    # looked up here before its positions are checked in search_vector.
    search_pairs = models.GeneratedField(
        expression=WordPairs(ITEM_VECTOR), output_field=PAIRS_FIELD, db_persist=True
    )
    # The title alone, so broad queries and suggestions find title matches in an
    # index instead of reading every match (ItemQuerySet.in_titles).
    search_title = models.GeneratedField(
        expression=SearchVector(searchable("title"), weight="A", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    sample_bucket = models.GeneratedField(
        expression=F("id") % SAMPLE_BUCKETS,
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-issue__number", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="item_unique_position_in_section"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="item_kind_valid"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="item_search_vector_idx"),
            GinIndex(fields=["search_title"], name="item_search_title_idx"),
            GinIndex(fields=["search_pairs"], name="item_search_pairs_idx"),
            # Counting broad queries on a sample reads only the sample's matches.
            *(
                GinIndex(
                    fields=["search_vector"],
                    name=f"item_search_sample{share}_idx",
                    condition=Q(sample_bucket__lt=SAMPLE_BUCKETS // share),
                )
                for share in SAMPLE_SHARES
            ),
            # Issue pages list an issue's items in order.
            models.Index(fields=["issue", "position"], name="item_issue_position_idx"),
            models.Index(fields=["updated_at"], name="item_updated_at_idx"),
            # Lists newest first, all items or a section's, to any depth (issues.paging).
            models.Index(fields=NEWEST_MATCHES, name="item_newest_idx"),
            models.Index(fields=["section_name", *NEWEST_MATCHES], name="item_section_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return path_to("issues:item-detail", self.pk)

    @property
    def display_title(self) -> str:
        """The title, or the start of the blurb for an item whose title was stripped."""
        if self.title:
            return self.title
        text = self.blurb or self.abstract
        return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"

    @property
    def anchor(self) -> str:
        return f"item-{self.pk}"

    @property
    def listed_tags(self) -> list["Tag"]:
        """The item's tags by name: from the row for an item of a list (for_lists), else read."""
        if not hasattr(self, "tag_list"):
            return list(self.tags.order_by("name", "id"))
        return [Tag(**fields) for fields in self.tag_list]


class TagCategory(models.TextChoices):
    TOPIC = "topic", "Topic"
    ORGANISATION = "organisation", "Organisation"


class TagQuerySet(models.QuerySet):
    def with_item_count(self):
        return self.annotate(item_count=count_of(ItemTag.objects.all(), "tag"))

    def in_use(self):
        """Tags on at least one item (one index probe each, where a filter on
        item_count would count every tag's items a second time)."""
        return self.filter(Exists(ItemTag.objects.filter(tag=OuterRef("pk"))))


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    category = models.CharField(
        max_length=20, choices=TagCategory.choices, default=TagCategory.TOPIC
    )
    description = models.TextField(blank=True)
    match_terms = models.TextField(
        blank=True,
        help_text="One term per line. Items whose text contains a term (as a whole word, "
        "plural allowed) get this tag automatically.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="tag_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="tag_unique_name"),
            models.CheckConstraint(
                condition=Q(category__in=TagCategory.values), name="tag_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_to("issues:tag-detail", self.slug)

    def count_items(self) -> int:
        """How many items carry the tag, counted in the (tag, item) index alone:
        counting `items` joins every one of them (a big tag at 1M: ~270 ms, not ~20)."""
        return ItemTag.objects.filter(tag=self).count()

    @property
    def terms(self) -> list[str]:
        return [line.strip() for line in self.match_terms.splitlines() if line.strip()]


class TagSource(models.TextChoices):
    AUTO = "auto", "Automatic"
    STAFF = "staff", "Staff"


class ItemTag(models.Model):
    # Indexed by itemtag_unique_item_tag and itemtag_tag_item_idx (each leads with
    # one of them), so neither key has an index of its own to update on import.
    item = models.ForeignKey(Item, models.CASCADE, related_name="item_tags", db_index=False)
    tag = models.ForeignKey(Tag, models.CASCADE, related_name="item_tags", db_index=False)
    source = models.CharField(max_length=10, choices=TagSource.choices, default=TagSource.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tag__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "tag"], name="itemtag_unique_item_tag"),
            models.CheckConstraint(
                condition=Q(source__in=TagSource.values), name="itemtag_source_valid"
            ),
        ]
        indexes = [
            # Tag pages and facet counts go from a tag to its items.
            models.Index(fields=["tag", "item"], name="itemtag_tag_item_idx"),
            models.Index(fields=["created_at"], name="itemtag_created_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tag} on item {self.item_id} ({self.source})"

    def get_absolute_url(self) -> str:
        return self.tag.get_absolute_url()


class Word(models.Model):
    """The archive's vocabulary (unstemmed words and how many items use them).

    Kept by the importer for "did you mean" suggestions and prefix completion,
    since the embedded PostgreSQL has no pg_trgm.
    """

    word = models.CharField(max_length=100)
    ndoc = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["word"]
        constraints = [models.UniqueConstraint(fields=["word"], name="word_unique_word")]
        indexes = [
            # Prefix lookups: WHERE word LIKE 'abc%'.
            models.Index(
                fields=["word"], name="word_word_pattern_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.ndoc})"

    def get_absolute_url(self) -> str:
        return reverse("issues:search") + "?" + urlencode({"q": self.word})


class BroadTerm(models.Model):
    """A stemmed word in more than BROAD_MATCHES items, with the items it ranks best.

    `item_ids` are the BROAD_LIST items with the highest rank for the word alone
    (ts_rank_cd of one word is the sum of its occurrences' weights), best first;
    `up_to` is the highest item id when the list was made: newer items are
    looked at directly (ItemQuerySet.best_candidates). Rebuilt by
    `manage.py rank_broad_terms` (generate_corpus runs it).
    """

    lexeme = models.CharField(max_length=200)
    ndoc = models.PositiveIntegerField()
    item_ids = ArrayField(models.BigIntegerField())
    up_to = models.BigIntegerField()
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ndoc"]
        constraints = [models.UniqueConstraint(fields=["lexeme"], name="broadterm_unique_lexeme")]
        # The watermark (the lowest up_to) is read on every broad query.
        indexes = [models.Index(fields=["up_to"], name="broadterm_up_to_idx")]

    def __str__(self) -> str:
        return f"{self.lexeme} ({self.ndoc} items)"

    def get_absolute_url(self) -> str:
        return reverse("issues:search") + "?" + urlencode({"q": self.lexeme})

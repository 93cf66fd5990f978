"""The same queries through three baselines on the same corpus (bench only, never the app).

- naive: Django `icontains` on title/blurb/abstract, newest first: what a toy does.
- SQLite FTS5 (stdlib sqlite3, porter tokenizer) ranked by bm25 with column weights
  5 : 2 : 1 (the same proportions as ts_rank's A : B : C), highlight/snippet for the page.
- Tantivy (en_stem, BM25 with the same field boosts), text stored so the page gets
  snippets too: the practical limit of a dedicated engine.

Each engine does the work the service does for a class: a page of 20 ranked rows
with snippets and tags; "full" adds facet counts (section, kind, year, top tags).
Both indexes are built once per corpus from PostgreSQL and kept under var/bench/.
"""

import json
import shutil
import sqlite3
import time
from pathlib import Path

import psycopg
import tantivy
from django.db.models import Q

from issues.models import Item

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench"
PAGE_SIZE = 20
ROWS_SQL = """
SELECT i.id, i.title, i.blurb, i.abstract, s.name, i.kind, iss.number,
       coalesce(extract(year FROM iss.published_on)::int, 0),
       coalesce((SELECT string_agg(t.slug, ' ') FROM issues_itemtag it
                 JOIN issues_tag t ON t.id = it.tag_id WHERE it.item_id = i.id), '')
FROM issues_item i JOIN issues_section s ON s.id = i.section_id
JOIN issues_issue iss ON iss.id = i.issue_id ORDER BY i.id
"""


def corpus_signature(conninfo: str) -> str:
    with psycopg.connect(conninfo) as conn:
        row = conn.execute(
            "SELECT count(*), coalesce(max(id), 0), (SELECT count(*) FROM issues_itemtag)"
            " FROM issues_item"
        ).fetchone()
    return "-".join(str(value) for value in row)


def _rows(conninfo: str):
    with psycopg.connect(conninfo) as conn, conn.cursor(name="bench_rows") as cursor:
        cursor.itersize = 5000
        cursor.execute(ROWS_SQL)
        yield from cursor


# --- naive icontains -------------------------------------------------------------


def _contains(word: str) -> Q:
    return Q(title__icontains=word) | Q(blurb__icontains=word) | Q(abstract__icontains=word)


def naive(query) -> list[int]:
    items = Item.objects.all()
    if query.prefix:
        items = items.filter(title__icontains=query.prefix)
    elif query.phrase:
        items = items.filter(_contains(" ".join(query.terms)))
    else:
        for word in query.terms:
            items = items.filter(_contains(word))
    if query.exclude:
        items = items.exclude(_contains(query.exclude))
    if query.tag:
        items = items.filter(tags__slug=query.tag)
    return list(items.order_by("-issue__number", "position").values_list("id", flat=True)[:20])


# --- SQLite FTS5 -------------------------------------------------------------------


class SQLiteFTS:
    def __init__(self, conninfo: str, scale: str):
        self.path = CACHE / f"sqlite_fts5_{scale}.db"
        self.build_seconds = None
        signature = corpus_signature(conninfo)
        if not self._fresh(signature):
            self._build(conninfo, signature)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.size_mb = round(self.path.stat().st_size / 2**20)

    def _fresh(self, signature: str) -> bool:
        if not self.path.exists():
            return False
        with sqlite3.connect(self.path) as db:
            try:
                stored = db.execute("SELECT value FROM info WHERE key = 'signature'").fetchone()
            except sqlite3.DatabaseError:
                return False
        return bool(stored) and stored[0] == signature

    def _build(self, conninfo: str, signature: str) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        began = time.monotonic()
        db = sqlite3.connect(self.path)
        db.executescript(
            """PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
               CREATE VIRTUAL TABLE fts USING fts5(title, blurb, abstract,
                   tokenize = 'porter unicode61');
               CREATE TABLE meta (id INTEGER PRIMARY KEY, section TEXT, kind TEXT,
                   number INTEGER, year INTEGER);
               CREATE TABLE item_tag (item_id INTEGER, tag TEXT);
               CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT);"""
        )
        with db:
            for row in _rows(conninfo):
                item_id, title, blurb, abstract, section, kind, number, year, tags = row
                db.execute(
                    "INSERT INTO fts (rowid, title, blurb, abstract) VALUES (?, ?, ?, ?)",
                    (item_id, title, blurb, abstract),
                )
                meta = (item_id, section, kind, number, year)
                db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?)", meta)
                db.executemany(
                    "INSERT INTO item_tag VALUES (?, ?)", [(item_id, t) for t in tags.split()]
                )
        db.executescript(
            """INSERT INTO fts (fts) VALUES ('optimize');
               CREATE INDEX item_tag_tag ON item_tag (tag, item_id);
               CREATE INDEX item_tag_item ON item_tag (item_id, tag);"""
        )
        db.execute("INSERT INTO info VALUES ('signature', ?)", (signature,))
        db.commit()
        db.close()
        self.build_seconds = round(time.monotonic() - began, 1)

    @staticmethod
    def match(query) -> str:
        if query.prefix:
            return f"title : {query.prefix}*"
        if query.phrase:
            text = '"' + " ".join(query.terms) + '"'
        else:
            text = " ".join(f'"{word}"' for word in query.terms)
        if query.exclude:
            text += f' NOT "{query.exclude}"'
        return text

    def _where(self, query) -> tuple[str, list]:
        where, args = "fts MATCH ?", [self.match(query)]
        if query.tag:
            # The text match leads; each match's tags are probed by index.
            where += " AND EXISTS (SELECT 1 FROM item_tag WHERE item_id = fts.rowid AND tag = ?)"
            args.append(query.tag)
        return where, args

    def page(self, query) -> list[int]:
        where, args = self._where(query)
        rows = self.db.execute(
            f"""SELECT fts.rowid, highlight(fts, 0, char(2), char(3)),
                       snippet(fts, -1, char(2), char(3), ' … ', 24), meta.number, meta.section
                FROM fts JOIN meta ON meta.id = fts.rowid
                WHERE {where} AND rank MATCH 'bm25(5.0, 2.0, 1.0)'
                ORDER BY rank LIMIT {PAGE_SIZE}""",
            args,
        ).fetchall()
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        self.db.execute(f"SELECT item_id, tag FROM item_tag WHERE item_id IN ({marks})", ids)
        return ids

    def full(self, query) -> list[int]:
        if query.prefix:
            return self.page(query)
        where, args = self._where(query)
        self.db.execute(
            f"""WITH m AS MATERIALIZED (SELECT fts.rowid AS id FROM fts WHERE {where})
                SELECT 'section', section, count(*) FROM m JOIN meta USING (id) GROUP BY section
                UNION ALL SELECT 'kind', kind, count(*) FROM m JOIN meta USING (id) GROUP BY kind
                UNION ALL SELECT 'year', year, count(*) FROM m JOIN meta USING (id) GROUP BY year
                UNION ALL SELECT * FROM (SELECT 'tag', tag, count(*) FROM m
                    JOIN item_tag ON item_tag.item_id = m.id GROUP BY tag
                    ORDER BY count(*) DESC LIMIT 20)""",
            args,
        ).fetchall()
        return self.page(query)


# --- Tantivy -------------------------------------------------------------------------


class Tantivy:
    FIELDS = ("title", "blurb", "abstract")
    BOOSTS = {"title": 5.0, "blurb": 2.0, "abstract": 1.0}

    def __init__(self, conninfo: str, scale: str):
        self.path = CACHE / f"tantivy_{scale}"
        self.build_seconds = None
        builder = tantivy.SchemaBuilder()
        for name in self.FIELDS:
            builder.add_text_field(name, stored=True, tokenizer_name="en_stem")
        builder.add_integer_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("section", tokenizer_name="raw", fast=True)
        builder.add_text_field("kind", tokenizer_name="raw", fast=True)
        builder.add_text_field("tags", tokenizer_name="raw", fast=True)
        builder.add_integer_field("year", indexed=True, fast=True)
        self.schema = builder.build()
        signature = corpus_signature(conninfo)
        marker = self.path / "signature.json"
        if not (marker.exists() and json.loads(marker.read_text()) == signature):
            self._build(conninfo, signature)
        self.index = tantivy.Index(self.schema, path=str(self.path))
        self.index.reload()
        self.searcher = self.index.searcher()
        self.size_mb = round(sum(p.stat().st_size for p in self.path.iterdir()) / 2**20)

    def _build(self, conninfo: str, signature: str) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        began = time.monotonic()
        index = tantivy.Index(self.schema, path=str(self.path))
        writer = index.writer(heap_size=512_000_000, num_threads=2)
        for row in _rows(conninfo):
            item_id, title, blurb, abstract, section, kind, _, year, tags = row
            document = tantivy.Document(
                id=item_id, title=title, blurb=blurb, abstract=abstract, section=section,
                kind=kind, year=year,
            )  # fmt: skip
            for tag in tags.split():
                document.add_text("tags", tag)
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        (self.path / "signature.json").write_text(json.dumps(signature))
        self.build_seconds = round(time.monotonic() - began, 1)

    def query(self, query):
        if query.prefix:
            return tantivy.Query.regex_query(self.schema, "title", f"{query.prefix}.*")
        text = " ".join(query.terms)
        if query.phrase:
            text = f'"{text}"'
        if query.exclude:
            text += f" -{query.exclude}"
        parsed = self.index.parse_query(
            text, list(self.FIELDS), field_boosts=self.BOOSTS, conjunction_by_default=True
        )
        if not query.tag:
            return parsed
        tag = tantivy.Query.term_query(self.schema, "tags", query.tag)
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, parsed), (tantivy.Occur.Must, tag)]
        )

    def page(self, query) -> list[int]:
        parsed = self.query(query)
        hits = self.searcher.search(parsed, PAGE_SIZE, count=False).hits
        ids = []
        snippets = [
            tantivy.SnippetGenerator.create(self.searcher, parsed, self.schema, name)
            for name in self.FIELDS
        ]
        for _, address in hits:
            document = self.searcher.doc(address)
            ids.append(document["id"][0])
            for generator in snippets:
                generator.snippet_from_doc(document).to_html()
        return ids

    def full(self, query) -> list[int]:
        if query.prefix:
            return self.page(query)
        terms = {
            "section": {"terms": {"field": "section"}},
            "kind": {"terms": {"field": "kind"}},
            "year": {"terms": {"field": "year", "size": 100}},
            "tags": {"terms": {"field": "tags", "size": 20}},
        }
        self.searcher.aggregate(self.query(query), terms)
        return self.page(query)

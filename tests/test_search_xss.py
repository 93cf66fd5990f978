"""Item text full of markup comes out escaped; snippets hold no live tag but a bare <mark>."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from issues.search import START, STOP, snippet_html
from tests.search_helpers import add_issue

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "title": "Narwhal <script>alert('t')</script> </mark><mark onclick=x>narwhal tusks",
    "blurb": (
        "A narwhal <img src=x onerror=alert(1)> dives; </mark><mark onclick=x>narwhal"
        ' "quoted" & <b>bold</b> <a href="javascript:alert(2)">link</a> narwhal.'
    ),
    "abstract": "Narwhal <svg onload=alert(3)> study </mark></p></li> of the narwhal <iframe>.",
}


class Tags(HTMLParser):
    """Every start tag of a fragment, with its attributes."""

    def __init__(self, fragment: str):
        super().__init__()
        self.tags = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


SNIPPETS = re.compile(
    r'<p class="search-result__snippet">(.*?)</p>'
    r'|<h2 class="search-result__title"><a href="/items/\d+/">(.*?)</a></h2>',
    re.DOTALL,
)


def snippet_tags(html: str) -> list[tuple[str, list]]:
    fragments = [a or b for a, b in SNIPPETS.findall(html)]
    assert len(fragments) == 2 * html.count('data-item-id="')
    return [tag for fragment in fragments for tag in Tags(fragment).tags]


def test_snippet_html_escapes_then_marks():
    raw = f"<script>x</script> {START}narwhal{STOP} </mark> <mark class=x> & \"'"
    assert snippet_html(raw) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>narwhal</mark> &lt;/mark&gt; "
        "&lt;mark class=x&gt; &amp; &quot;&#x27;"
    )


@pytest.mark.parametrize(
    ("raw", "html"),
    [
        (f"{START}a", "<mark>a</mark>"),
        (f"a{STOP}b", "ab"),
        (f"{START}{START}a{STOP}{STOP}", "<mark>a</mark>"),
        (f"{STOP}{START}a", "<mark>a</mark>"),
        ("a\x00b\x04c\x1fd\x7f", "abcd"),
        # The stand-in for "<" that kept ts_headline from dropping a tag-like word.
        (f"\x01{START}b\x01/a>{STOP}", "&lt;<mark>b&lt;/a&gt;</mark>"),
        ("", ""),
        (None, ""),
    ],
)
def test_snippet_html_marks_are_always_balanced(raw, html):
    assert snippet_html(raw) == html


def test_markup_in_items_is_escaped_on_the_page(client):
    add_issue(
        40,
        {
            "Industry": [(PAYLOADS["title"], PAYLOADS["blurb"])],
            "Papers & Publications": [("Narwhal paper <b>x</b>", PAYLOADS["abstract"])],
        },
    )
    response = client.get(reverse("issues:search"), {"q": "narwhal"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-item-id="') == 2
    tags = snippet_tags(html)
    assert len(tags) >= 5, "every snippet marks its narwhals"
    assert tags == [("mark", [])] * len(tags)
    main = Tags(html.split('<main id="main"', 1)[1]).tags
    assert not [tag for tag, _ in main if tag in {"script", "img", "iframe", "b"}]
    assert not [name for _, attrs in main for name, _ in attrs if name.startswith("on")]
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/mark&gt;&lt;mark onclick=x&gt;<mark>narwhal</mark> tusks" in html
    # ts_headline drops what its parser reads as tags from fragments; the rest is escaped.
    assert "<mark>narwhal</mark> &lt;img src=x onerror=alert(1)&gt; dives;" in html
    assert "&lt;svg onload=alert(3)&gt;" in html


def test_markup_in_the_query_is_escaped(client):
    add_issue(41, {"Industry": [("Narwhal", "A narwhal.")]})
    query = '<script>alert(1)</script> narwhal "><img src=x>'
    html = client.get(reverse("issues:search"), {"q": query}).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_suggestions_are_json_with_the_text_as_is(client):
    add_issue(42, {"Industry": [(PAYLOADS["title"], "Plain.")]})
    response = client.get(reverse("issues:search-suggest"), {"q": "narwh"})
    assert response["Content-Type"] == "application/json"
    assert [s["title"] for s in response.json()["suggestions"]] == [PAYLOADS["title"]]

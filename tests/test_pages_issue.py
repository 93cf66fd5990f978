"""The issue page: sections and items in the order of the text, with everything an item carries."""

import json
import re
from html import unescape

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from issues.importing import import_text
from issues.models import Item
from tests.browser.samples import import_sample
from tests.conftest import requires_seeds, seed_files

SECTION_TITLE = re.compile(r'<h2 id="section-([a-z-]+)-title">([^<]*)</h2>')
ITEM_TITLE = re.compile(
    r'<h3 class="item__title" id="item-(\d+)-title"><a href="([^"]+)">([^<]*)</a>'
)


def outline(html: str) -> list[tuple[str, list[str]]]:
    """The page's sections and their item titles, in page order."""
    sections = []
    for match in re.finditer(rf"{SECTION_TITLE.pattern}|{ITEM_TITLE.pattern}", html):
        if match.group(2) is not None:
            sections.append((unescape(match.group(2)), []))
        else:
            sections[-1][1].append(unescape(match.group(5)))
    return sections


def display_title(item: dict) -> str:
    if item["title"]:
        return item["title"]
    text = item["blurb"] or item["abstract"]
    return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"


@requires_seeds
@pytest.mark.django_db
@pytest.mark.parametrize("path", seed_files(), ids=lambda path: path.stem)
def test_each_seed_page_shows_its_sections_and_items_in_the_order_of_the_text(client, path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    import_text(path.read_text(encoding="utf-8"))

    response = client.get(f"/issues/{expected['number']}/")

    assert response.status_code == 200
    assert outline(response.content.decode()) == [
        (section["name"], [display_title(item) for item in section["items"]])
        for section in expected["sections"]
    ]


@requires_seeds
@pytest.mark.django_db
def test_titleless_seed_items_show_their_blurb_and_link_to_a_working_page(client):
    for path in seed_files():
        import_text(path.read_text(encoding="utf-8"))
    titleless = list(Item.objects.filter(title="").select_related("issue"))
    assert titleless, "the seeds have titleless items"

    for item in titleless:
        page = client.get(item.issue.get_absolute_url()).content.decode()
        links = {int(pk): (href, unescape(text)) for pk, href, text in ITEM_TITLE.findall(page)}
        href, text = links[item.pk]
        assert text == item.display_title
        assert text and item.blurb.startswith(text.rstrip("…"))
        assert client.get(href).status_code == 200


@pytest.mark.django_db
def test_an_item_shows_its_anchor_badges_tags_note_and_link_out(client):
    import_sample()
    sponsored = Item.objects.get(title="Rent a GPU cloud")

    response = client.get("/issues/102/")

    html = response.content.decode()
    block = html[html.index(f'id="{sponsored.anchor}"') :]
    block = block[: block.index("</article>")]
    assert '<span class="badge badge--article">Article</span>' in block
    assert '<span class="badge badge--sponsored">Sponsored</span>' in block
    assert "Thanks to GPU Cloud Inc for sponsoring this issue." in block
    assert re.findall(r'class="tag" href="/tags/([a-z-]+)/"', block) == [
        "hardware-chips",
        "transformers",
    ]
    assert "link-out" not in block  # no url, so no link out


@pytest.mark.django_db
def test_a_repository_links_out_and_a_paper_has_its_badge(client):
    import_sample()

    response = client.get("/issues/101/")

    assertContains(response, '<span class="badge badge--repo">Repository</span>', count=1)
    assertContains(response, '<span class="badge badge--paper">Paper</span>', count=1)
    assertContains(response, 'href="https://github.com/acme/quokka-vision"', count=1)
    assertContains(response, "on github.com", count=1)
    assertNotContains(response, "Sponsored</span>")


@pytest.mark.django_db
def test_a_url_that_is_not_a_web_address_is_never_a_link(client):
    import_sample()
    Item.objects.filter(title="Painting with GANs").update(url="javascript:alert(1)")

    response = client.get("/issues/101/")

    assertNotContains(response, "javascript:")


@pytest.mark.django_db
def test_a_titleless_item_shows_its_blurb_as_its_title(client):
    import_sample()
    item = Item.objects.get(title="")

    response = client.get("/issues/102/")

    html = response.content.decode()
    links = {int(pk): unescape(text) for pk, _, text in ITEM_TITLE.findall(html)}
    assert links[item.pk] == "An untitled note about wombat detection from a lost headline."
    assertContains(response, f'<a href="/items/{item.pk}/">An untitled note about wombat')
    assertContains(response, "(untitled)", count=1)


@pytest.mark.django_db
def test_previous_and_next_issues_are_linked(client):
    import_sample()

    first, middle, last = (client.get(f"/issues/{n}/") for n in (101, 102, 103))

    assertContains(middle, 'pager__link--prev" rel="prev" href="/issues/101/">')
    assertContains(middle, 'pager__link--next" rel="next" href="/issues/103/">')
    assertNotContains(first, 'rel="prev"')
    assertContains(first, 'rel="next" href="/issues/102/"')
    assertContains(last, 'rel="prev" href="/issues/102/"')
    assertNotContains(last, 'rel="next"')


@pytest.mark.django_db
def test_the_page_shows_subtitle_intro_and_a_section_table_of_contents(client):
    import_sample()

    response = client.get("/issues/101/")

    assertContains(response, '<p class="subtitle">Transformers everywhere, a GAN that paints')
    assertContains(response, "<p>Hey folks,</p>")
    toc = re.findall(r'<li><a href="#section-([a-z-]+)">', response.content.decode())
    assert toc == ["industry", "libraries-code", "papers-publications"]


@pytest.mark.django_db
def test_imported_markup_is_escaped(client):
    text = (
        "Deep Learning Weekly Issue #7\n\nSub <script>alert(1)</script>\n\nIndustry\n\n"
        "Title <img src=x onerror=alert(1)>\n\nBlurb <b>bold</b>\n"
    )
    import_text(text)

    response = client.get("/issues/7/")

    assertNotContains(response, "<script>alert(1)")
    assertNotContains(response, "<img src=x")
    assertContains(response, "Title &lt;img src=x onerror=alert(1)&gt;")

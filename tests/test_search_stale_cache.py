"""Facets cached before the database changed (a restore, a rebuilt database) may
name items that are gone: the page shows what exists instead of failing."""

import pytest
from django.urls import reverse

from issues import search as engine
from issues.importing import import_text
from issues.models import Item

ISSUE = """Deep Learning Weekly Issue #31

Stale caches

Industry

A transformer that remembers

A transformer with a long memory.
"""


@pytest.mark.django_db
def test_ids_the_database_no_longer_has_are_skipped(client, monkeypatch):
    import_text(ISSUE)
    real_facets = engine.facets

    def stale_facets(*args, **kwargs):
        found = real_facets(*args, **kwargs)
        found.page_ids = [987654321, *found.page_ids]
        return found

    monkeypatch.setattr(engine, "facets", stale_facets)

    response = client.get(reverse("issues:search"), {"q": "transformer"})

    assert response.status_code == 200
    assert [item.pk for item in response.context["page"].object_list] == [Item.objects.get().pk]

import pytest
from django.urls import reverse

from issues.models import Tag
from issues.views import reader


@pytest.mark.django_db
def test_the_tag_list_is_paged(client, monkeypatch):
    monkeypatch.setattr(reader, "TAGS_PER_PAGE", 10)
    total = Tag.objects.count()

    first = client.get(reverse("issues:tag-list"))
    last = client.get(reverse("issues:tag-list"), {"page": 3})

    assert total == 23
    assert len(first.context["tags"]) == 10
    assert len(last.context["tags"]) == 3
    assert 'rel="next"' in first.content.decode()
    assert "Page 3 of 3" in last.content.decode()

"""issues.paths.path_to: reverse()'s paths for one-argument views, without its cost per call."""

from unittest import mock

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, include, path, reverse, set_script_prefix, set_urlconf

from issues import paths
from issues.paths import path_to

# An alternative URLconf for the tests below: the reader's pages under /archive/.
urlpatterns = [path("archive/", include("issues.urls"))]

ONE_ARGUMENT_VIEWS = [
    ("issues:issue-detail", [0, 1, 42, 2**31 - 1]),
    ("issues:item-detail", [1, 7357, 10**12]),
    ("issues:tag-detail", ["nlp", "computer-vision", "gpt_4", "2024", "A-b"]),
    ("issues:section-detail", ["learning", "libraries-code"]),
    ("api:issue-detail", [3, 300]),
    ("api:item-detail", [5, 500000]),
]


@pytest.fixture(autouse=True)
def fresh_cache():
    paths._around.cache_clear()
    yield
    paths._around.cache_clear()


@pytest.mark.parametrize(("viewname", "args"), ONE_ARGUMENT_VIEWS)
def test_the_path_is_reverses_own(viewname, args):
    assert [path_to(viewname, arg) for arg in args] == [
        reverse(viewname, args=[arg]) for arg in args
    ]


def test_under_a_script_prefix_the_path_carries_it():
    set_script_prefix("/archive/")
    try:
        got = [path_to("issues:tag-detail", "nlp"), path_to("issues:issue-detail", 12)]
        expected = [
            reverse("issues:tag-detail", args=["nlp"]),
            reverse("issues:issue-detail", args=[12]),
        ]
    finally:
        set_script_prefix("/")
    assert got == expected == ["/archive/tags/nlp/", "/archive/issues/12/"]
    assert path_to("issues:tag-detail", "nlp") == "/tags/nlp/"


def test_the_url_patterns_are_read_once_per_view_not_per_path():
    with mock.patch.object(paths, "reverse", wraps=reverse) as reversing:
        got = [path_to("issues:item-detail", pk) for pk in range(1, 101)]
        path_to("issues:tag-detail", "nlp")
        path_to("issues:tag-detail", "robotics")

    assert got[:2] == ["/items/1/", "/items/2/"]
    assert got[-1] == "/items/100/"
    assert reversing.call_count == 2


@pytest.mark.parametrize(
    ("viewname", "arg"),
    [
        ("issues:issue-detail", -1),
        ("issues:issue-detail", "abc"),
        ("issues:tag-detail", "naïve"),
        ("issues:tag-detail", "a b"),
        ("issues:tag-detail", "a/b"),
        ("issues:tag-detail", ""),
        ("issues:tag-list", "nlp"),
    ],
)
def test_what_reverse_refuses_path_to_refuses(viewname, arg):
    with pytest.raises(NoReverseMatch):
        reverse(viewname, args=[arg])
    with pytest.raises(NoReverseMatch):
        path_to(viewname, arg)


def test_an_int_route_given_digits_as_text_answers_as_reverse_does():
    assert path_to("issues:issue-detail", "12") == reverse("issues:issue-detail", args=["12"])


def test_another_urlconf_in_the_settings_or_for_a_request_gives_its_own_paths():
    assert path_to("issues:tag-detail", "nlp") == "/tags/nlp/"
    with override_settings(ROOT_URLCONF=__name__):
        in_settings = path_to("issues:tag-detail", "nlp")
    set_urlconf(__name__)
    try:
        for_a_request = path_to("issues:item-detail", 9)
    finally:
        set_urlconf(None)

    assert in_settings == "/archive/tags/nlp/"
    assert for_a_request == "/archive/items/9/"
    assert path_to("issues:item-detail", 9) == "/items/9/"


def test_the_parts_around_the_argument_are_for_lists_of_links():
    assert paths.parts_around("issues:item-detail") == ("/items/", "/")
    assert paths.parts_around("issues:tag-detail", str) == ("/tags/", "/")
    assert paths.parts_around("issues:tag-list") is None

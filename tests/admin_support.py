"""Shared helpers of the admin tests: a synthetic issue text and staff users."""

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages

EDITORS = "Editors"


def issue_text(number: int, *, subtitle: str = "Robots and phones", extra: str = "") -> str:
    """An issue in FORMAT.md's text format with every rule the preview reports:
    a titleless blurb, a sponsored item, a stripped (inferred) header, a repo, a paper."""
    return f"""Deep Learning Weekly Issue #{number}

{subtitle}

Hey folks,

This week: robots{extra}.

Until next week!


A robot that reads manuals

Researchers teach a robot to follow printed instructions.

Faster inference for everyone

A hosted service for model serving. (Sponsored Content)


A blurb whose title was lost, about image segmentation.

Mobile & Edge

Tiny models on phones

Quantised networks that run on a phone.


Learning to rank, explained

A tutorial on ranking losses.

Libraries & Code

[Github] acme/fastlib

A library that makes training fast.

Papers & Publications

Sparse Attention at Scale

Abstract: We study sparse attention for long sequences.
"""


# Tests log in with force_login, so users need no password (and no slow hashing).


def superuser(username: str = "boss") -> User:
    return User.objects.create_superuser(username, email="", password=None)


def editor(username: str = "editor") -> User:
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def form_data(response) -> dict:
    """The POST data a browser would send back from an admin change page, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def messages_of(response) -> list[str]:
    """The messages the admin queued for the user on this request."""
    return [str(message) for message in get_messages(response.wsgi_request)]

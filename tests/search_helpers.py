"""Synthetic issues for the search tests, written in FORMAT.md's plain-text format."""

from issues.importing import import_text
from issues.models import Issue


def issue_text(number: int, sections: dict[str, list[tuple[str, str]]], intro: str = "") -> str:
    """An issue text: sections map a header to (title, blurb) pairs.

    The first section must be Industry (it has no header in the format).
    Papers & Publications take (title, abstract) pairs.
    """
    lines = [
        f"Deep Learning Weekly: Issue #{number}",
        "",
        f"Subtitle of issue {number}",
        "",
        "Hey folks,",
        "",
        intro or f"This is issue {number}.",
        "",
        "Until next week!",
    ]
    for index, (header, items) in enumerate(sections.items()):
        if index == 0:
            assert header == "Industry", "the first section has no header: it is Industry"
            lines += [""]
        else:
            lines += ["", header]
        for title, text in items:
            body = f"Abstract: {text}" if header == "Papers & Publications" else text
            lines += ["", title, "", body]
    return "\n".join(lines) + "\n"


def add_issue(number: int, sections: dict, intro: str = "", published_on=None) -> Issue:
    import_text(issue_text(number, sections, intro))
    issue = Issue.objects.get(number=number)
    if published_on is not None:
        issue.published_on = published_on
        issue.save(update_fields=["published_on"])
    return issue

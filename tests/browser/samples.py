"""A small synthetic archive for the page, feed and browser tests.

Three issues in FORMAT.md's format, written to exercise what the reader's pages
show: a titleless item, a sponsored item with a footnote, a repository (with a
url), papers, tags from the vocabulary, and shared words for related items.
"""

from issues.importing import import_text
from issues.models import Issue


def issue_text(number: int, subtitle: str, sections: list[tuple[str, list[tuple]]]) -> str:
    """An issue's text. Items are (title, blurb) pairs, or (title, blurb, footnote).

    A title of "" makes a titleless item: its blurb follows two blank lines, so
    it must be the last item of its section. Papers take (title, abstract).
    """
    parts = [f"Deep Learning Weekly Issue #{number}", subtitle, "Hey folks,", "Until next week!"]
    text = "\n\n".join(parts) + "\n"
    for name, items in sections:
        text += f"\n{name}\n"
        for title, body, *footnote in items:
            if not title:
                text += f"\n\n\n{body}\n"
                continue
            if name == "Papers & Publications":
                body = f"Abstract: {body}"
            text += f"\n{title}\n\n{body}\n"
            if footnote:
                text += f"\n*{footnote[0]}\n"
    return text


ISSUE_1 = issue_text(
    101,
    "Transformers everywhere, a GAN that paints, and more",
    [
        (
            "Industry",
            [
                (
                    "OpenAI trains a huge transformer",
                    "A transformer language model with billions of parameters from OpenAI.",
                ),
                ("Painting with GANs", "A generative adversarial network that paints skylines."),
            ],
        ),
        (
            "Libraries & Code",
            [("[Github] acme/quokka-vision", "Quokka detection for computer vision pipelines.")],
        ),
        (
            "Papers & Publications",
            [("Attention for Quokkas", "We study attention in quokka detection transformers.")],
        ),
    ],
)

ISSUE_2 = issue_text(
    102,
    "Reinforcement learning robots and a sponsored GPU cloud",
    [
        (
            "Industry",
            [
                (
                    "Robots learn to walk with reinforcement learning",
                    "DeepMind robots trained with reinforcement learning walk on sand.",
                ),
                (
                    "Rent a GPU cloud",
                    "Train your transformer on our GPU cloud. (Sponsored Content)",
                    "Thanks to GPU Cloud Inc for sponsoring this issue.",
                ),
            ],
        ),
        (
            "Learning",
            [
                ("A guide to quokka detection", "How to train a quokka detection transformer."),
                ("", "An untitled note about wombat detection from a lost headline."),
            ],
        ),
    ],
)

ISSUE_3 = issue_text(
    103,
    "Speech models on the edge and a wombat dataset",
    [
        (
            "Industry",
            [("Speech recognition on the edge", "Audio speech recognition on phones.")],
        ),
        (
            "Mobile & Edge",
            [("Wombat detection on device", "A wombat detection dataset for phones.")],
        ),
    ],
)

SAMPLE_TEXTS = (ISSUE_1, ISSUE_2, ISSUE_3)


def import_sample() -> dict[int, Issue]:
    """Import the three issues; returns them by number."""
    return {result.number: result.issue for result in map(import_text, SAMPLE_TEXTS)}

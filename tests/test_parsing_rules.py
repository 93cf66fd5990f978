"""One small synthetic issue per rule of FORMAT.md, each asserting the exact parse.

Blank lines are significant: two or more blank lines (a *hole*) mark a stripped
header, title or author line, so the texts below are written out line by line.
"""

import pytest

from issues.parsing import ParseError, parse_bytes, parse_issue

TITLE = "Deep Learning Weekly Issue #301"
SUBTITLE = "Sparse experts, tiny robots and a new diffusion sampler"
INTRO = "Hey folks,\n\nThis week: sparse experts and tiny robots.\n\nUntil next week!"
# Title, subtitle and intro, then the hole every real issue has before its first item.
HEAD = f"{TITLE}\n\n{SUBTITLE}\n\n{INTRO}\n\n\n"


def parse(body: str, head: str = HEAD) -> dict:
    return parse_issue(head + body).to_dict()


def item(title, blurb="", *, abstract="", kind="article", sponsored=False, note="", url=""):
    return {
        "title": title,
        "blurb": blurb,
        "abstract": abstract,
        "kind": kind,
        "sponsored": sponsored,
        "note": note,
        "url": url,
    }


def paper(title, abstract, **details):
    return item(title, abstract=abstract, kind="paper", **details)


def section(name, *items):
    return {"name": name, "items": list(items)}


def issue(*sections, number=301, title=TITLE, subtitle=SUBTITLE, intro=INTRO) -> dict:
    return {
        "number": number,
        "title": title,
        "subtitle": subtitle,
        "intro": intro,
        "sections": list(sections),
    }


def error(text: str | bytes, **kwargs) -> str:
    parse = parse_bytes if isinstance(text, bytes) else parse_issue
    with pytest.raises(ParseError) as caught:
        parse(text, **kwargs)
    message = str(caught.value)
    assert message and "\n" not in message
    return message


class TestReadingTheText:
    BODY = "Robot hands\n\nA gripper that learns from touch.\n"
    EXPECTED = issue(section("Industry", item("Robot hands", "A gripper that learns from touch.")))

    def test_a_leading_bom_is_dropped_from_bytes_and_from_text(self):
        text = "\ufeff" + HEAD + self.BODY

        assert parse_bytes(text.encode("utf-8")).to_dict() == self.EXPECTED
        assert parse_issue(text).to_dict() == self.EXPECTED

    @pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
    def test_other_line_endings_parse_as_newlines(self, ending):
        text = (HEAD + "T1\n\nB1\n\n\nA hole above.\n\nT2\n\nB2\n").replace("\n", ending)

        assert parse_issue(text).to_dict() == parse_issue(text.replace(ending, "\n")).to_dict()
        assert parse_issue(text).to_dict()["sections"] == [
            section("Industry", item("T1", "B1"), item("", "A hole above."), item("T2", "B2"))
        ]

    def test_lines_of_a_paragraph_join_with_single_spaces_and_whitespace_folds(self):
        body = (
            "  Robot\thands \u00a0for\n"
            "\tthe   factory floor  \n"
            "\n"
            "A gripper\u00a0\u00a0that\u2003learns\r\n"
            "from touch.\f(Page two.)\n"
        )

        assert parse(body)["sections"] == [
            section(
                "Industry",
                item(
                    "Robot hands for the factory floor",
                    "A gripper that learns from touch. (Page two.)",
                ),
            )
        ]

    def test_a_line_of_only_whitespace_is_blank_and_counts_in_the_gap(self):
        # Two whitespace-only lines make a hole: the blurb after them lost its title.
        body = "T1\n\nB1\n \t\n\u00a0\nTitleless blurb.\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1"), item("", "Titleless blurb."))
        ]

    def test_control_characters_are_dropped_but_control_whitespace_folds(self):
        body = "Robot\x07 hands\n\nGrip\x0bper\x1fand\x85touch\x1b.\n"

        assert parse(body)["sections"] == [
            section("Industry", item("Robot hands", "Grip per and touch."))
        ]


class TestTitleLine:
    @pytest.mark.parametrize(
        "line",
        [
            "Deep Learning Weekly Issue #140",
            "Deep Learning Weekly: Issue #140",
            "Deep Learning Weekly Issue 140",
            "Deep Learning Weekly: Issue 140",
            "deep learning weekly: ISSUE #140",
            "  Deep   Learning\tWeekly:  Issue  #140  ",
        ],
    )
    def test_colon_and_hash_are_optional(self, line):
        parsed = parse_issue(f"{line}\n\nA subtitle\n").to_dict()

        assert parsed == issue(
            number=140, title=" ".join(line.split()), subtitle="A subtitle", intro=""
        )

    def test_leading_blank_lines_before_the_title_are_allowed(self):
        assert parse_issue("\n\n\nDeep Learning Weekly Issue #9\n").to_dict() == issue(
            number=9, title="Deep Learning Weekly Issue #9", subtitle="", intro=""
        )

    @pytest.mark.parametrize(
        "text",
        [
            "Deep Learning Weekly\n\nIssue #140\n",
            "Deep Learning Weekly Issue #140\nA subtitle on the next line\n",
            "Deep Learning Weekly Issue #\n",
            "Deep Learning Weekly Issue #14a\n",
            "Deep Learning Weekly Issue #\u0661\u0664\n",
            "Deep Learning Weekly Issue #1234567890\n",
            "Machine Learning Weekly Issue #140\n",
            "Hey folks,\n\nDeep Learning Weekly Issue #140\n",
        ],
    )
    def test_a_first_paragraph_that_is_not_a_title_line_is_refused(self, text):
        assert error(text).startswith("no title line: expected 'Deep Learning Weekly Issue #N'")

    def test_issue_zero_is_refused(self):
        assert error("Deep Learning Weekly Issue #0\n") == "issue number must be 1 or more"

    def test_leading_zeros_are_the_same_number(self):
        assert parse_issue("Deep Learning Weekly Issue #007\n").number == 7


class TestSubtitleAndIntro:
    def test_the_subtitle_is_absent_when_the_intro_follows_the_title(self):
        text = f"{TITLE}\n\nHey folks,\n\nShort one.\n\nUntil next week!\n\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("T1", "B1")),
            subtitle="",
            intro="Hey folks,\n\nShort one.\n\nUntil next week!",
        )

    def test_the_subtitle_is_absent_when_a_header_follows_the_title(self):
        text = f"{TITLE}\n\nLearning\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Learning", item("T1", "B1")), subtitle="", intro=""
        )

    def test_there_may_be_no_intro(self):
        text = f"{TITLE}\n\n{SUBTITLE}\n\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("T1", "B1")), intro=""
        )

    def test_the_intro_ends_at_until_next_week_even_without_a_hole_after_it(self):
        text = f"{TITLE}\n\nHey folks,\n\nOne.\n\nTwo.\n\nUntil next week!\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("T1", "B1")),
            subtitle="",
            intro="Hey folks,\n\nOne.\n\nTwo.\n\nUntil next week!",
        )

    def test_a_sign_off_at_the_end_of_a_paragraph_ends_the_intro(self):
        text = f"{TITLE}\n\nHey folks,\n\nHappy reading. Until next week!\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("T1", "B1")),
            subtitle="",
            intro="Hey folks,\n\nHappy reading. Until next week!",
        )

    def test_until_next_week_inside_a_sentence_is_no_sign_off(self):
        text = f"{TITLE}\n\nHey folks,\n\nThe sale runs until next week!\n\nUntil next week!\n"

        assert parse_issue(text).to_dict() == issue(
            subtitle="", intro="Hey folks,\n\nThe sale runs until next week!\n\nUntil next week!"
        )

    def test_without_a_sign_off_the_intro_ends_at_the_first_hole(self):
        text = f"{TITLE}\n\n{SUBTITLE}\n\nHey folks,\n\nOne.\nStill one.\n\nTwo.\n\n\nT1\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("T1", "B1")), intro="Hey folks,\n\nOne. Still one.\n\nTwo."
        )

    def test_a_hole_before_the_sign_off_ends_the_intro_there(self):
        # FORMAT.md: up to "Until next week!" *or* the first gap-2 paragraph, whichever
        # comes first; the sign-off after the hole is then the first item's title.
        text = f"{TITLE}\n\nHey folks,\n\nOne.\n\n\nUntil next week!\n\nB1\n"

        assert parse_issue(text).to_dict() == issue(
            section("Industry", item("Until next week!", "B1")),
            subtitle="",
            intro="Hey folks,\n\nOne.",
        )

    def test_an_intro_is_kept_even_with_nothing_after_it(self):
        text = f"{TITLE}\n\n{SUBTITLE}\n\nHey folks,\n\nNothing else.\n"

        assert parse_issue(text).to_dict() == issue(intro="Hey folks,\n\nNothing else.")


class TestSections:
    def test_the_first_section_has_no_header_and_is_industry(self):
        body = "T1\n\nB1\n\nT2\n\nB2\n"

        assert parse(body) == issue(section("Industry", item("T1", "B1"), item("T2", "B2")))

    def test_an_explicit_industry_header_gives_one_industry_section(self):
        body = "Industry\n\nT1\n\nB1\n"

        assert parse(body) == issue(section("Industry", item("T1", "B1")))

    @pytest.mark.parametrize(
        ("header", "name"),
        [
            ("Mobile + Edge", "Mobile & Edge"),
            ("Mobile & Edge", "Mobile & Edge"),
            ("MOBILE + EDGE", "Mobile & Edge"),
            ("mobile & edge", "Mobile & Edge"),
            ("learning", "Learning"),
            ("LIBRARIES & CODE", "Libraries & Code"),
            ("Libraries  &\nCode", "Libraries & Code"),
        ],
    )
    def test_headers_are_case_insensitive_and_stored_by_canonical_name(self, header, name):
        body = f"T1\n\nB1\n\n{header}\n\nT2\n\nB2\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")), section(name, item("T2", "B2"))
        )

    @pytest.mark.parametrize("text", ["Industry news", "Learning:", "Mobile+Edge", "Papers"])
    def test_a_paragraph_that_is_not_exactly_a_header_is_an_item(self, text):
        body = f"T1\n\nB1\n\n{text}\n\nB2\n"

        assert parse(body) == issue(section("Industry", item("T1", "B1"), item(text, "B2")))

    def test_every_section_in_canonical_order(self):
        body = (
            "T1\n\nB1\n\n"
            "Mobile + Edge\n\nT2\n\nB2\n\n"
            "Learning\n\nT3\n\nB3\n\n"
            "Libraries & Code\n\nT4\n\nB4\n\n"
            "Papers & Publications\n\nP1\n\nAbstract: A1\n"
        )

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Learning", item("T3", "B3")),
            section("Libraries & Code", item("T4", "B4")),
            section("Papers & Publications", paper("P1", "A1")),
        )

    def test_an_explicit_header_with_nothing_under_it_is_an_empty_section(self):
        body = "T1\n\nB1\n\nLibraries & Code\n\nPapers & Publications\n\nP1\n\nAbstract: A1\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Libraries & Code"),
            section("Papers & Publications", paper("P1", "A1")),
        )

    def test_an_issue_with_no_body_has_no_sections(self):
        assert parse("") == issue()


class TestStrippedHeaders:
    def test_an_even_run_after_a_hole_is_learning_between_mobile_and_libraries(self):
        body = (
            "T1\n\nB1\n\n"
            "Mobile & Edge\n\nT2\n\nB2\n\n\n"
            "T3\n\nB3\n\nT4\n\nB4\n\n"
            "Libraries & Code\n\nT5\n\nB5\n"
        )

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Learning", item("T3", "B3"), item("T4", "B4")),
            section("Libraries & Code", item("T5", "B5")),
        )

    def test_a_stripped_mobile_and_edge_between_industry_and_learning(self):
        body = "T1\n\nB1\n\n\nT2\n\nB2\n\nLearning\n\nT3\n\nB3\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Learning", item("T3", "B3")),
        )

    def test_two_stripped_headers_in_a_row_take_the_next_two_free_names(self):
        body = "T1\n\nB1\n\n\nT2\n\nB2\n\n\nT3\n\nB3\n\nT4\n\nB4\n\nLibraries & Code\n\nT5\n\nB5\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Learning", item("T3", "B3"), item("T4", "B4")),
            section("Libraries & Code", item("T5", "B5")),
        )

    def test_with_no_following_header_the_next_free_name_is_taken(self):
        body = "T1\n\nB1\n\nMobile & Edge\n\nT2\n\nB2\n\n\nT3\n\nB3\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Learning", item("T3", "B3")),
        )

    def test_a_name_used_later_in_the_issue_is_not_inferred(self):
        # Between Industry and Libraries & Code the first free name is Learning, as
        # Mobile & Edge is written further down (out of canonical order).
        body = (
            "T1\n\nB1\n\n\nT2\n\nB2\n\nLibraries & Code\n\nT3\n\nB3\n\nMobile & Edge\n\nT4\n\nB4\n"
        )

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1")),
            section("Learning", item("T2", "B2")),
            section("Libraries & Code", item("T3", "B3")),
            section("Mobile & Edge", item("T4", "B4")),
        ]

    def test_when_no_name_fits_the_run_stays_in_its_section(self):
        body = "Learning\n\nT1\n\nB1\n\n\nT2\n\nB2\n\nLibraries & Code\n\nT3\n\nB3\n"

        assert parse(body)["sections"] == [
            section("Learning", item("T1", "B1"), item("T2", "B2")),
            section("Libraries & Code", item("T3", "B3")),
        ]

    def test_a_hole_right_after_a_header_does_not_end_that_section(self):
        body = "T1\n\nB1\n\nMobile & Edge\n\n\nT2\n\nB2\n\nLibraries & Code\n\nT3\n\nB3\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("T2", "B2")),
            section("Libraries & Code", item("T3", "B3")),
        ]

    def test_the_hole_before_the_first_item_does_not_start_a_section(self):
        # HEAD ends in a hole, and the Industry run after it is even.
        body = "T1\n\nB1\n\nLearning\n\nT2\n\nB2\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1")),
            section("Learning", item("T2", "B2")),
        ]

    def test_a_stripped_papers_header_at_the_end_reads_papers(self):
        body = (
            "Libraries & Code\n\nT1\n\nB1\n\n\n"
            "A Paper on Graphs\n\nAbstract: Graph neural networks.\n\n"
            "A Paper on Speech\n\nAbstract: Speech models.\n"
        )

        assert parse(body)["sections"] == [
            section("Libraries & Code", item("T1", "B1")),
            section(
                "Papers & Publications",
                paper("A Paper on Graphs", "Graph neural networks."),
                paper("A Paper on Speech", "Speech models."),
            ),
        ]

    def test_an_odd_run_after_a_hole_is_a_stripped_title_not_a_header(self):
        body = "T1\n\nB1\n\n\nB2\n\nT3\n\nB3\n\nLearning\n\nT4\n\nB4\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1"), item("", "B2"), item("T3", "B3")),
            section("Learning", item("T4", "B4")),
        ]

    def test_a_stripped_header_then_a_stripped_title(self):
        body = (
            "Mobile & Edge\n\nT1\n\nB1\n\n\n"
            "T2\n\nB2\n\n\n"
            "B3\n\nT4\n\nB4\n\n"
            "Libraries & Code\n\nT5\n\nB5\n"
        )

        assert parse(body)["sections"] == [
            section("Mobile & Edge", item("T1", "B1")),
            section("Learning", item("T2", "B2"), item("", "B3"), item("T4", "B4")),
            section("Libraries & Code", item("T5", "B5")),
        ]


class TestItemsInASection:
    def test_items_are_title_then_blurb(self):
        body = "T1\n\nB1 line one\nB1 line two\n\nT2\n\nB2\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1 line one B1 line two"), item("T2", "B2"))
        )

    def test_a_stripped_title_is_a_blurb_with_an_empty_title(self):
        body = "T1\n\nB1\n\n\nB2\n\nT3\n\nB3\n"

        assert parse(body) == issue(
            section("Industry", item("T1", "B1"), item("", "B2"), item("T3", "B3"))
        )

    def test_the_first_item_of_an_issue_may_have_lost_its_title(self):
        body = "B1\n\nT2\n\nB2\n"

        assert parse(body) == issue(section("Industry", item("", "B1"), item("T2", "B2")))

    def test_a_stripped_title_right_after_a_header(self):
        body = "T1\n\nB1\n\nLibraries & Code\n\n\nB2\n\nT3\n\nB3\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1")),
            section("Libraries & Code", item("", "B2"), item("T3", "B3")),
        ]

    def test_several_stripped_titles_in_a_row(self):
        body = "T1\n\nB1\n\n\nB2\n\n\nB3\n\n\nB4\n\nT5\n\nB5\n"

        assert parse(body)["sections"] == [
            section(
                "Industry",
                item("T1", "B1"),
                item("", "B2"),
                item("", "B3"),
                item("", "B4"),
                item("T5", "B5"),
            )
        ]

    def test_an_odd_run_without_a_hole_ends_with_a_title_that_has_no_blurb(self):
        # A paragraph one blank line after a header is a title: nothing was stripped
        # before it, so the missing paragraph is the last blurb.
        body = "Learning\n\nT1\n\nB1\n\nT2\n"

        assert parse(body)["sections"] == [section("Learning", item("T1", "B1"), item("T2", ""))]


class TestPapers:
    def test_abstract_prefix_marks_and_is_removed(self):
        body = (
            "Papers & Publications\n\n"
            "Contrastive Pre-training for Tables\n\n"
            "Abstract:   We pre-train a transformer on tables.\n\n"
            "Quantized Diffusion\n\n"
            "abstract: We quantize a diffusion model to four bits.\n"
        )

        assert parse(body) == issue(
            section(
                "Papers & Publications",
                paper(
                    "Contrastive Pre-training for Tables", "We pre-train a transformer on tables."
                ),
                paper("Quantized Diffusion", "We quantize a diffusion model to four bits."),
            )
        )

    def test_several_abstract_paragraphs_join_with_a_blank_line(self):
        body = (
            "Papers & Publications\n\n"
            "P1\n\nAbstract: First part.\n\nSecond part.\n\nThird part.\n\n"
            "P2\n\nAbstract: Only part.\n"
        )

        assert parse(body)["sections"] == [
            section(
                "Papers & Publications",
                paper("P1", "First part.\n\nSecond part.\n\nThird part."),
                paper("P2", "Only part."),
            )
        ]

    def test_a_hole_after_a_paragraph_marks_it_a_title_stripped_author_line(self):
        body = (
            "Papers & Publications\n\n"
            "P1\n\n\nA1 part one.\n\nA1 part two.\n\n"
            "P2\n\n\nA2.\n\n"
            "P3\n\nAbstract: A3.\n"
        )

        assert parse(body)["sections"] == [
            section(
                "Papers & Publications",
                paper("P1", "A1 part one.\n\nA1 part two."),
                paper("P2", "A2."),
                paper("P3", "A3."),
            )
        ]

    def test_a_paragraph_before_a_hole_is_a_title_even_mid_abstract(self):
        # The rule as written: the paragraph after it has a gap of 2, so it is a title.
        body = "Papers & Publications\n\nP1\n\nAbstract: A1.\n\nMore A1.\n\n\nA2.\n"

        assert parse(body)["sections"] == [
            section("Papers & Publications", paper("P1", "A1."), paper("More A1.", "A2."))
        ]

    def test_a_paper_without_an_abstract(self):
        body = "Papers & Publications\n\nP1\n\nP2\n\nAbstract: A2.\n"

        assert parse(body)["sections"] == [
            section("Papers & Publications", paper("P1", ""), paper("P2", "A2."))
        ]

    def test_an_abstract_paragraph_is_never_a_title(self):
        body = "Papers & Publications\n\nP1\n\nAbstract: A1.\n\nAbstract: A1 again.\n"

        assert parse(body)["sections"] == [
            section("Papers & Publications", paper("P1", "A1.\n\nA1 again."))
        ]

    def test_papers_are_papers_even_with_repository_titles(self):
        body = "Papers & Publications\n\n[Github] acme/rocket\n\nAbstract: A1.\n"

        assert parse(body)["sections"] == [
            section("Papers & Publications", paper("[Github] acme/rocket", "A1."))
        ]

    def test_holes_in_papers_never_start_a_section(self):
        # Each title/abstract pair here is an even run after a hole, which in any
        # other section would begin a new one.
        body = "Papers & Publications\n\nP1\n\n\nA1.\n\nP2\n\n\nA2.\n\nP3\n\n\nA3.\n"

        assert parse(body)["sections"] == [
            section(
                "Papers & Publications", paper("P1", "A1."), paper("P2", "A2."), paper("P3", "A3.")
            )
        ]

    def test_a_footnote_after_an_abstract_does_not_make_it_a_title(self):
        body = (
            "Papers & Publications\n\nP1*\n\n\nA1.\n\n\n*Sponsored by Acme Labs.\n\nP2\n\n\nA2.\n"
        )

        assert parse(body)["sections"] == [
            section(
                "Papers & Publications",
                paper("P1", "A1.", sponsored=True, note="Sponsored by Acme Labs."),
                paper("P2", "A2."),
            )
        ]

    def test_a_sponsored_marker_on_an_abstract(self):
        body = "Papers & Publications\n\nP1\n\nAbstract: A1. (Sponsored Content)\n"

        assert parse(body)["sections"] == [
            section("Papers & Publications", paper("P1", "A1.", sponsored=True))
        ]


class TestTrailer:
    def test_a_guest_post_byline_at_the_end_is_dropped(self):
        body = "Papers & Publications\n\nP1\n\nAbstract: A1.\n\nA guest post by\n"

        assert parse(body) == issue(section("Papers & Publications", paper("P1", "A1.")))

    def test_the_byline_is_dropped_with_its_name_and_after_a_hole(self):
        body = "T1\n\nB1\n\nT2\n\nB2\n\n\na guest post by Ada Lovelace\n"

        assert parse(body) == issue(section("Industry", item("T1", "B1"), item("T2", "B2")))

    def test_a_byline_that_is_not_last_is_an_ordinary_paragraph(self):
        body = "T1\n\nB1\n\nA guest post by Ada\n\nB2\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1"), item("A guest post by Ada", "B2"))
        ]


class TestItemDetails:
    def test_a_github_title_is_a_repo_named_owner_slash_name(self):
        body = "Libraries & Code\n\n[Github] acme-labs/rocket.py\n\nA rocket simulator.\n"

        assert parse(body)["sections"] == [
            section(
                "Libraries & Code",
                item(
                    "acme-labs/rocket.py",
                    "A rocket simulator.",
                    kind="repo",
                    url="https://github.com/acme-labs/rocket.py",
                ),
            )
        ]

    def test_the_github_marker_is_case_insensitive(self):
        body = "[GitHub]  acme/rocket_2\n\nB1\n"

        assert parse(body)["sections"] == [
            section(
                "Industry",
                item("acme/rocket_2", "B1", kind="repo", url="https://github.com/acme/rocket_2"),
            )
        ]

    def test_a_title_starting_with_owner_slash_name_colon_is_a_repo(self):
        body = "Libraries & Code\n\nacme/rocket: Rockets in PyTorch\n\nB1\n"

        assert parse(body)["sections"] == [
            section(
                "Libraries & Code",
                item(
                    "acme/rocket: Rockets in PyTorch",
                    "B1",
                    kind="repo",
                    url="https://github.com/acme/rocket",
                ),
            )
        ]

    @pytest.mark.parametrize(
        "title",
        [
            "acme/rocket Rockets in PyTorch",
            "A look at acme/rocket: rockets",
            "[Github] acme/rocket and friends",
            "[Github] acme",
        ],
    )
    def test_other_titles_are_articles(self, title):
        assert parse(f"{title}\n\nB1\n")["sections"] == [section("Industry", item(title, "B1"))]

    def test_sponsored_content_marker_is_removed_from_the_blurb(self):
        body = "T1\n\nBuy our GPUs.  (Sponsored Content)\n\nT2\n\nB2 (sponsored content)\n"

        assert parse(body)["sections"] == [
            section(
                "Industry",
                item("T1", "Buy our GPUs.", sponsored=True),
                item("T2", "B2", sponsored=True),
            )
        ]

    def test_the_marker_only_counts_at_the_end(self):
        body = "T1\n\n(Sponsored Content) is how ads are marked.\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "(Sponsored Content) is how ads are marked."))
        ]


class TestFootnotes:
    def test_a_sponsor_footnote_sets_note_and_sponsored_and_drops_the_title_star(self):
        body = "T1*\n\nB1\n\n*This issue is sponsored by Acme.\n\nT2\n\nB2\n"

        assert parse(body) == issue(
            section(
                "Industry",
                item("T1", "B1", sponsored=True, note="This issue is sponsored by Acme."),
                item("T2", "B2"),
            )
        )

    def test_a_footnote_without_sponsored_is_only_a_note(self):
        body = "T1*\n\nB1\n\n* Results are preliminary.\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1", note="Results are preliminary."))
        ]

    def test_a_double_star_footnote(self):
        body = "T1**\n\nB1\n\n**Sponsored by Acme.\n"

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1", sponsored=True, note="Sponsored by Acme."))
        ]

    def test_a_footnote_does_not_count_in_run_parity(self):
        # Without the footnote the run after the hole is T2 B2 T3 B3: even, a new
        # section. The footnote must neither make it odd nor start a run of its own.
        body = (
            "T1\n\nB1\n\nMobile & Edge\n\nTa\n\nBa\n\n\n"
            "T2*\n\nB2\n\n\n*Sponsored by Acme.\n\nT3\n\nB3\n\n"
            "Libraries & Code\n\nT4\n\nB4\n"
        )

        assert parse(body)["sections"] == [
            section("Industry", item("T1", "B1")),
            section("Mobile & Edge", item("Ta", "Ba")),
            section(
                "Learning",
                item("T2", "B2", sponsored=True, note="Sponsored by Acme."),
                item("T3", "B3"),
            ),
            section("Libraries & Code", item("T4", "B4")),
        ]

    def test_a_footnote_on_a_stripped_title_item(self):
        body = "T1\n\nB1\n\n\nB2\n\n*Sponsored by Acme.\n\nT3\n\nB3\n"

        assert parse(body)["sections"] == [
            section(
                "Industry",
                item("T1", "B1"),
                item("", "B2", sponsored=True, note="Sponsored by Acme."),
                item("T3", "B3"),
            )
        ]

    def test_a_footnote_on_a_repo_keeps_it_a_repo(self):
        body = "Libraries & Code\n\n[Github] acme/rocket*\n\nB1\n\n*Sponsored by Acme.\n"

        assert parse(body)["sections"] == [
            section(
                "Libraries & Code",
                item(
                    "acme/rocket",
                    "B1",
                    kind="repo",
                    url="https://github.com/acme/rocket",
                    sponsored=True,
                    note="Sponsored by Acme.",
                ),
            )
        ]


class TestBadInput:
    def test_empty(self):
        assert error(b"") == "empty file"
        assert error("") == "empty file"

    @pytest.mark.parametrize("data", [b" \n\t\n\r\n", b"\xef\xbb\xbf", "\u00a0\n".encode()])
    def test_whitespace_only_is_empty(self, data):
        assert error(data) == "empty file"

    def test_a_nul_byte_is_binary(self):
        data = (HEAD + "T1\n\nB1\x00\n").encode()

        assert error(data) == "binary file (it contains a NUL byte)"
        assert error(data.decode()) == "binary file (it contains a NUL byte)"

    def test_not_utf8(self):
        data = (HEAD + "Caf\u00e9 robots\n\nB1\n").encode("latin-1")

        assert error(data) == f"not UTF-8 (invalid byte at offset {len(HEAD) + 3})"

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
    def test_utf16_is_named_as_such(self, encoding):
        data = ("\ufeff" if encoding == "utf-16-be" else "") + HEAD + "T1\n\nB1\n"

        assert error(data.encode(encoding)) == "not UTF-8 (it is UTF-16: save it as UTF-8)"

    def test_over_the_size_limit(self):
        data = (HEAD + "T1\n\nB1\n").encode()

        assert error(data, max_bytes=len(data) - 1) == (
            f"file is over the size limit of {len(data) - 1:,} bytes"
        )
        assert parse_bytes(data, max_bytes=len(data)).number == 301

    def test_the_default_size_limit_is_two_mebibytes(self):
        data = (HEAD + "T1\n\n" + "x" * (2 * 1024 * 1024)).encode()

        assert error(data) == "file is over the size limit of 2,097,152 bytes"

    def test_no_title_line_names_what_it_found(self):
        assert error("Weekly digest\n\nT1\n") == (
            "no title line: expected 'Deep Learning Weekly Issue #N', got 'Weekly digest'"
        )

    def test_a_lone_surrogate_in_text(self):
        assert error(HEAD + "T1\n\nB\ud800\n") == (
            "not valid Unicode text (it contains a lone surrogate)"
        )

    def test_parse_error_is_a_value_error(self):
        assert issubclass(ParseError, ValueError)

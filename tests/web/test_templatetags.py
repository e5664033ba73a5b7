import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import strip_tags

from articles.facets import Timeline
from articles.search.marks import MARK_END, MARK_START
from articles.templatetags.articles import (
    BAR_MAX_WIDTH,
    elided_pages,
    marked,
    web_url,
)


def render(template, path="/search/", **context):
    request = RequestFactory().get(path)
    source = "{% load articles %}" + template
    return Template(source).render(Context({"request": request, **context}))


# --- marked ----------------------------------------------------------------


def test_marked_turns_hit_markers_into_mark_elements():
    text = f"North {MARK_START}Korea{MARK_END} talks"
    assert marked(text) == "North <mark>Korea</mark> talks"


def test_marked_escapes_html_before_marking():
    text = f"<script>alert(1)</script> {MARK_START}a&b{MARK_END}"
    assert marked(text) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>a&amp;b</mark>"
    )


def test_marked_escapes_html_inside_a_hit():
    text = f"{MARK_START}<b>bold</b>{MARK_END}"
    assert marked(text) == "<mark>&lt;b&gt;bold&lt;/b&gt;</mark>"


def test_marked_closes_a_hit_left_open_by_a_cut_snippet():
    assert marked(f"end of {MARK_START}snip") == "end of <mark>snip</mark>"


@pytest.mark.parametrize("empty", [None, ""])
def test_marked_of_nothing_is_empty(empty):
    assert marked(empty) == ""


def test_marked_output_is_not_escaped_again_in_a_template():
    html = render("{{ text|marked }}", text=f"{MARK_START}<i>{MARK_END}")
    assert html == "<mark>&lt;i&gt;</mark>"


# --- query_url and page_url -------------------------------------------------


@pytest.mark.parametrize(
    ("template", "path", "expected"),
    [
        (
            "{% page_url 3 %}",
            "/search/?q=north+korea&source=kyodo&page=2",
            "?q=north+korea&amp;source=kyodo&amp;page=3",
        ),
        ("{% page_url 1 %}", "/search/?q=korea&page=2", "?q=korea"),
        ("{% page_url 2 %}", "/search/?q=korea&source=&sort=", "?q=korea&amp;page=2"),
        ("{% page_url 2 %}", "/search/?tag=a&tag=b", "?tag=a&amp;tag=b&amp;page=2"),
        ("{% query_url entity=None page=None %}", "/s/?q=a&entity=b&page=4", "?q=a"),
        ("{% query_url kind=None %}", "/entities/?kind=place", "?"),
    ],
    ids=[
        "page_url_keeps_every_parameter_and_replaces_the_page",
        "page_url_for_the_first_page_drops_the_page_parameter",
        "page_url_drops_blank_parameters",
        "page_url_keeps_repeated_parameters",
        "query_url_removes_a_parameter_given_none",
        "query_url_with_nothing_left_is_a_bare_question_mark",
    ],
)
def test_the_url_of_a_page_or_query(template, path, expected):
    assert render(template, path=path) == expected


def test_query_url_escapes_hostile_values():
    html = render("{% page_url 2 %}", path='/search/?q="><script>')
    assert "<script>" not in html
    assert html == "?q=%22%3E%3Cscript%3E&amp;page=2"


# --- web_url ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://example.com/a", "http://example.com/a", "HTTPS://EXAMPLE.COM"]
)
def test_web_url_keeps_http_addresses(url):
    assert web_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "/local",
        "",
        None,
    ],
)
def test_web_url_drops_anything_else(url):
    assert web_url(url) == ""


# --- elided_pages ----------------------------------------------------------


def test_elided_pages_shows_the_ends_and_the_neighbours_of_the_current_page():
    page = Paginator(range(1000), 10).page(50)
    pages = list(elided_pages(page))
    assert pages[:2] == [1, Paginator.ELLIPSIS]
    assert pages[2:7] == [48, 49, 50, 51, 52]
    assert pages[-2:] == [Paginator.ELLIPSIS, 100]


# --- article_meta, thousands, timeline_chart ---------------------------------


def test_thousands_groups_digits_and_leaves_other_values_alone():
    html = render("{{ n|thousands }} {{ text|thousands }}", n=1234567, text="<b>")
    assert html == "1,234,567 &lt;b&gt;"


def test_article_meta_links_the_source_and_says_when(db):
    import datetime

    from tests.factories import ArticleFactory, SourceFactory

    source = SourceFactory(name="Coast <Wire>")
    article = ArticleFactory(
        source=source, published=datetime.date(2021, 3, 4), dateline="OSLO"
    )
    html = render("{% article_meta article %}", article=article)
    assert f'<a href="{source.get_absolute_url()}">Coast &lt;Wire&gt;</a>' in html
    assert '<time datetime="2021-03-04">4 March 2021</time>' in html
    assert '<span class="dateline">OSLO</span>' in html
    article.source, article.published, article.dateline = None, None, ""
    html = render("{% article_meta article %}", article=article)
    assert "Unknown source" in html and "date unknown" in html
    assert "dateline" not in html


def test_timeline_chart_draws_a_bar_per_point():
    timeline = Timeline([("2020", 1), ("2021", 0), ("2022", 2)], "year", total=3)
    html = render("{% timeline_chart timeline %}", timeline=timeline)
    assert html.count("<rect") == 3
    assert "<title>2020: 1 article</title>" in html
    assert "<title>2022: 2 articles</title>" in html
    assert "no date" not in html


def test_timeline_bars_keep_a_sensible_width_however_few_the_periods():
    timeline = Timeline([("2020", 1), ("2021", 5), ("2022", 2)], "year", total=8)
    html = render("{% timeline_chart timeline %}", timeline=timeline)
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', html)]
    assert widths == [BAR_MAX_WIDTH] * 3
    # Each bar centred in its third of the chart, the periods labelled.
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)"', html)]
    assert xs == [100 - BAR_MAX_WIDTH / 2, 300 - BAR_MAX_WIDTH / 2, 500 - 20]
    assert '<div class="timeline__axis" aria-hidden="true"><span>2020</span>' in html


def test_a_timeline_of_one_or_two_periods_is_a_sentence_not_a_block():
    one = Timeline([("May 2024", 1)], "month", total=3)
    html = render("{% timeline_chart timeline %}", timeline=one)
    assert "<svg" not in html and "<rect" not in html
    assert "Published in May 2024 (1 article)." in html
    assert "2 of 3 articles have no date." in html

    two = Timeline([("2020", 4), ("2021", 1)], "year", total=5)
    html = render("{% timeline_chart timeline %}", timeline=two)
    assert "<svg" not in html
    assert "Published in 2020 (4 articles) and 2021 (1 article)." in html
    assert "no date" not in html


def test_a_timeline_says_how_many_articles_have_no_date():
    def sentence(timeline):
        return " ".join(
            strip_tags(render("{% timeline_chart t %}", t=timeline)).split()
        )

    assert sentence(Timeline([], total=1)) == "The article has no date."
    assert sentence(Timeline([], total=4)) == "None of the 4 articles has a date."
    points = [("2020", 1), ("2021", 1), ("2022", 1)]
    assert sentence(Timeline(points, total=4)).endswith("1 of 4 articles has no date.")
    counted = Timeline(points, total=200, sample=True)
    assert sentence(counted).endswith("197 of the 200 counted articles have no date.")


def test_timeline_caption_says_what_it_counts_with_thousands():
    points = [("2012", 9760), ("2013", 12345), ("2014", 1)]
    html = Template("{% load articles %}{% timeline_chart timeline %}").render(
        Context({"timeline": Timeline(points, "year", total=22106)})
    )
    assert "Articles per year, 2012 to 2014 (at most 12,345 in one year)." in html

"""Places on the map of the world: the country facet of a search, the map of
a search's places and of an entity's, and the world's outlines under them,
read as a browser reads them."""

import pytest
from django.urls import reverse
from lxml import etree, html

from articles.entities import worldmap
from articles.models import Entity
from tests.factories import ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def place(name):
    """A place entity, linked to GeoNames as an import links it."""
    return Entity.objects.create(name=name, kind="place")


def story(title, *places, body="Talks resumed on Tuesday."):
    article = ArticleFactory(title=title, body=body)
    for named in places:
        MentionFactory(article=article, entity=named)
    return article


@pytest.fixture
def archive():
    seoul, busan, korea = place("Seoul"), place("Busan"), place("South Korea")
    tokyo, japan = place("Tokyo"), place("Japan")
    region = place("Middle East")  # no country: on neither facet nor map
    person = Entity.objects.create(name="Kim Do-hyung", kind="person")
    story("Ferry talks open in Seoul", seoul, person)
    story("Busan port strike ends", busan, korea, person)
    story("Seoul and Tokyo agree on ferry", seoul, tokyo, person)
    story("Japan weighs ferry subsidy", japan, region)
    return {"seoul": seoul, "busan": busan, "tokyo": tokyo, "person": person}


def figure(response):
    page = html.fromstring(response.content)
    (found,) = page.cssselect("figure.map")
    return found


def test_a_country_counts_the_articles_naming_it_or_a_place_in_it(client, archive):
    page = html.fromstring(client.get(reverse("articles:search")).content)
    (section,) = [s for s in page.cssselect(".facet") if s.findtext("h3") == "Country"]
    counts = {link.text: link.getnext().text for link in section.cssselect("li a")}
    # Seoul twice and Busan once: three South Korean stories, though only
    # one names the country.
    assert counts == {"South Korea": "3", "Japan": "2"}


def test_the_country_filter_keeps_the_articles_naming_a_place_in_it(client, archive):
    response = client.get(reverse("articles:search"), {"country": "KR"})
    page = html.fromstring(response.content)
    titles = {
        a.text_content().strip() for a in page.cssselect(".article-item__title a")
    }
    assert titles == {
        "Ferry talks open in Seoul",
        "Busan port strike ends",
        "Seoul and Tokyo agree on ferry",
    }
    assert "Showing articles naming a place in South Korea." in page.text_content()
    # The form keeps the filter when the reader searches again.
    assert page.cssselect('input[type="hidden"][name="country"][value="KR"]')


def test_an_unknown_country_is_an_error_on_the_form_not_a_server_error(client, archive):
    response = client.get(reverse("articles:search"), {"country": "<b>XX</b>"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is no country with that code." in text
    assert "<b>XX</b>" not in text


def test_the_search_map_shades_countries_and_dots_cities(client, archive):
    found = figure(client.get(reverse("articles:search")))
    (svg,) = found.cssselect("svg")
    assert svg.get("role") == "img"
    title = svg.find("title")
    assert title is not None and "places named in these results" in title.text
    shaded = {
        path.findtext("title").split(":")[0]: path.get("class")
        for path in svg.cssselect(".map__countries path")
    }
    # Three stories in South Korea, two in Japan: the most named darkest.
    assert shaded == {"South Korea": "map__shade-4", "Japan": "map__shade-3"}
    dots = {
        circle.findtext("title"): (float(circle.get("cx")), float(circle.get("cy")))
        for circle in svg.cssselect(".map__dots circle")
    }
    # Longitude across, latitude up: Seoul at about 127 E, 37.6 N.
    assert set(dots) == {"Seoul: 2 articles", "Busan: 1 article", "Tokyo: 1 article"}
    x, y = dots["Seoul: 2 articles"]
    assert (round(x), round(y)) == (127, -38)
    # The image under them is the world's outlines, on this site.
    (image,) = svg.cssselect("image")
    assert image.get("href") == reverse("articles:world-map")


def test_the_list_beside_the_map_names_every_country_and_city_with_links(
    client, archive
):
    found = figure(client.get(reverse("articles:search")))
    items = [li.text_content().split() for li in found.cssselect(".map__list li")]
    assert items == [
        ["South", "Korea", "3:", "Seoul", "2,", "Busan", "1"],
        ["Japan", "2:", "Tokyo", "1"],
    ]
    links = {a.text: a.get("href") for a in found.cssselect(".map__list a")}
    assert links["South Korea"].endswith("?country=KR")
    assert links["Seoul"] == archive["seoul"].get_absolute_url()


def test_an_entitys_page_maps_the_places_named_with_it(client, archive):
    person = archive["person"]
    found = figure(client.get(person.get_absolute_url()))
    shaded = [p.findtext("title") for p in found.cssselect(".map__countries path")]
    assert shaded == ["South Korea: 3 articles", "Japan: 1 article"]
    links = {a.text: a.get("href") for a in found.cssselect(".map__list a")}
    search, query = links["Japan"].split("?")
    assert search == reverse("articles:search")
    assert sorted(query.split("&")) == ["country=JP", f"entity={person.slug}"]
    # That link finds the one story naming both.
    page = html.fromstring(client.get(links["Japan"]).content)
    titles = [
        a.text_content().strip() for a in page.cssselect(".article-item__title a")
    ]
    assert titles == ["Seoul and Tokyo agree on ferry"]


def test_no_map_without_places_in_a_known_country(client):
    story("Markets steady", place("Middle East"))
    page = client.get(reverse("articles:search")).content.decode()
    assert 'class="map"' not in page


def test_place_names_on_the_map_are_escaped(client):
    hostile = Entity.objects.create(name="Seoul", kind="place")
    Entity.objects.filter(pk=hostile.pk).update(name="<script>alert(1)</script>")
    story("Names are text", hostile)
    response = client.get(reverse("articles:search"))
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_world_is_an_svg_image_cached_and_revalidated(client):
    response = client.get(reverse("articles:world-map"))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]
    svg = etree.fromstring(response.content)  # well-formed XML, as browsers need
    assert svg.tag == f"{SVG}svg"
    assert svg.get("viewBox") == worldmap.VIEW_BOX
    assert len(svg.findall(f".//{SVG}path")) == len(worldmap.outlines()) > 180
    again = client.get(
        reverse("articles:world-map"), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304 and not again.content


def test_outlines_cover_the_countries_news_names_and_stay_small():
    shapes = worldmap.outlines()
    for code in ("US", "GB", "JP", "KR", "KP", "CN", "RU", "BR", "ZA", "SG"):
        assert shapes[code].startswith("M")
    assert "AQ" not in shapes
    assert len(worldmap.world_svg()) < 150_000


@pytest.mark.parametrize(
    ("articles", "most", "radius"),
    [(1, 1, worldmap.DOT_SMALLEST), (1, 9, worldmap.DOT_SMALLEST)]
    + [(9, 9, worldmap.DOT_LARGEST)],
)
def test_dots_grow_with_the_articles_naming_a_place(articles, most, radius):
    assert worldmap.dot_radius(articles, most) == radius


def test_shades_run_from_fewest_to_most_on_a_log_scale():
    assert [worldmap.shade(n, 1000) for n in (1, 10, 100, 1000)] == [1, 2, 3, 4]
    assert worldmap.shade(1, 1) == 2

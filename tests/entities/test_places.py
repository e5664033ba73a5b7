"""Places on the map of the world: linked to GeoNames when first named."""

import pytest

from articles.entities.places import country_name, is_town_in, locate
from articles.ingest.importer import import_paths
from articles.models import Entity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "country", "city"),
    [
        ("Sinuiju", "KP", True),  # GeoNames writes it Sinŭiju
        ("Dandong", "CN", True),
        ("WASHINGTON".title(), "US", True),  # the city, not the state
        ("New York", "US", True),
        ("Indiana", "US", False),  # the state, not a town in Brazil
        ("Japan", "JP", False),
        ("U.S.", "US", False),
        ("Britain", "GB", False),
        ("Timor-Leste", "TL", False),  # GeoNames writes it "Timor Leste"
        ("East Timor", "TL", False),
        ("Czech Republic", "CZ", False),  # GeoNames: Czechia
        ("Türkiye", "TR", False),
        ("Chester-le-Street", "GB", True),
    ],
)
def test_countries_and_cities_are_found_by_the_names_news_uses(name, country, city):
    found = locate(name)
    assert found.country == country
    assert (found.latitude is not None) == city


def test_regions_and_unknown_names_stay_unlinked():
    assert locate("Middle East") is None
    for continent in ("Africa", "Asia", "Europe", "North America"):
        assert locate(continent) is None, continent
    assert locate("Vardenia") is None
    assert country_name("KP") == "North Korea"


def test_imported_places_carry_their_country_and_coordinates(tmp_path, client):
    (tmp_path / "bridge.txt").write_text(
        "Freight trains cross the river again\n\nDANDONG, China, May 2 (Kyodo) "
        "-- Freight trains crossed the bridge between Dandong and Sinuiju on "
        "Tuesday for the first time in a month, traders in Japan said.\n"
    )
    import_paths(paths=[tmp_path])
    sinuiju = Entity.objects.get(name="Sinuiju")
    assert (sinuiju.country, round(sinuiju.latitude), round(sinuiju.longitude)) == (
        "KP",
        40,
        124,
    )
    assert Entity.objects.get(name="Japan").country == "JP"
    page = client.get(sinuiju.get_absolute_url()).content.decode()
    assert "In North Korea, at 40.10, 124.40" in page
    assert "https://www.geonames.org/2040893" in page
    country_page = client.get(Entity.objects.get(name="Japan").get_absolute_url())
    assert "A country." in country_page.content.decode()


def test_a_place_made_any_other_way_is_linked_too():
    # An editor's new place, or one an undone merge brings back.
    assert Entity.objects.create(name="Dandong", kind="place").country == "CN"
    assert Entity.objects.create(name="Dandong", kind="person").country == ""


@pytest.mark.parametrize(
    ("name", "country", "found"),
    [
        ("Bar", "ME", True),  # "cargo for Bar in Montenegro"
        ("Koper", "SI", True),
        ("Bar", "SI", False),  # no town of that name in Slovenia
        ("Farmers", "US", False),  # an alternate name only: not read so
    ],
)
def test_a_town_is_known_in_its_own_country(name, country, found):
    assert is_town_in(name, country) is found

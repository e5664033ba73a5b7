"""The gazetteer: places, nationalities and agencies the model must not miss."""

from articles.entities import gazetteer
from articles.entities.extraction import extract_entities
from articles.parsing import agencies


def labels():
    return {entry.name: entry.label for entry in gazetteer.entries()}


def test_countries_capitals_and_the_names_newsrooms_write_are_places():
    found = labels()
    for name in ["Japan", "Tokyo", "Britain", "U.S.", "Bombay", "Ohio", "ANKARA"]:
        assert found[name] == "GPE", name


def test_accents_are_optional_and_well_known_names_are_found_in_capitals():
    found = labels()
    assert found["Sao Paulo"] == found["São Paulo"] == "GPE"
    assert found["SEOUL"] == "GPE"
    assert found["REUTERS"] == found["Reuters"] == "ORG"


def test_nationalities_and_their_plurals_are_groups():
    found = labels()
    assert found["Japanese"] == found["Koreans"] == found["Chinese"] == "NORP"
    assert "Japaneses" not in found and "Swisss" not in found


def test_names_mostly_meaning_something_else_are_left_to_the_model():
    found = labels()
    for name in ["Reading", "Nice", "Victoria", "Phoenix", "Toyota", "SALE"]:
        assert name not in found, name


def test_cities_below_the_population_floor_are_left_to_the_model():
    found = labels()
    # Bergen has 294,000 people, Salzburg 157,000 and Oxford 162,000
    # (GeoNames): "Oxford" is as often a university or a dictionary.
    assert gazetteer.MIN_CITY_POPULATION == 250_000
    assert found["Bergen"] == "GPE"
    assert "Salzburg" not in found and "Oxford" not in found


def test_news_agencies_come_from_the_parsing_table():
    assert gazetteer.NEWS_AGENCIES == list(agencies.ENTITY_NAMES)
    found = labels()
    assert all(found.get(name) == "ORG" for name in gazetteer.NEWS_AGENCIES)


def test_every_spelling_is_listed_once():
    names = [entry.name for entry in gazetteer.entries()]
    assert len(names) == len(set(names)) > 5000


def test_gazetteer_finds_places_and_news_agencies():
    text = (
        "Officials in Ouagadougou told Interfax that talks with Xinhua would "
        "resume in Bamako."
    )

    found = {(entity.name, entity.kind) for entity in extract_entities(text)}
    assert found >= {
        ("Ouagadougou", "place"),
        ("Bamako", "place"),
        ("Interfax", "org"),
        ("Xinhua", "org"),
    }

"""Entities an editor would keep, on sentences written here in the styles of
the agencies: one entity per real thing in a story, names the model cuts up
or misses, and words that look like names and are not. The stories of
bench/entities/wire are the scored set; these are other sentences."""

import pytest

from articles.entities.extraction import extract_entities
from articles.ingest.extraction import extraction_text


def entities(text):
    return {(entity.name, entity.kind) for entity in extract_entities(text)}


def names(text, kind):
    return {name for name, found in entities(text) if found == kind}


def test_short_forms_of_countries_and_bodies_are_one_entity():
    found = entities(
        "The U.S. and Britain urged the UN to act. A United States envoy said "
        "the United Kingdom agreed, and a U.N. spokesman said America and the "
        "UK had written to the World Health Organization (WHO). The EU backed "
        "the plan, and so did the WHO."
    )
    assert ("United States", "place") in found
    assert ("United Kingdom", "place") in found
    assert ("United Nations", "org") in found
    assert ("World Health Organization", "org") in found
    assert ("European Union", "org") in found
    for other in ["U.S.", "Britain", "UK", "UN", "U.N.", "America", "WHO", "EU"]:
        assert not {name for name, _ in found} & {other}


def test_a_surname_or_a_title_and_surname_is_the_person_named_in_full():
    people = names(
        "Taro Sato, a senior official of the ministry, met Chinese President Xi "
        "Jinping on Monday. Mr. Sato said the talks went well. Xi did not speak "
        "to reporters. Sato flew home on Tuesday.",
        "person",
    )
    assert people == {"Taro Sato", "Xi Jinping"}


def test_korean_names_in_their_order_and_different_kims_stay_apart():
    people = names(
        "SEOUL, March 4 (Yonhap) -- Port authority President Kim Do-hyung said "
        "on Tuesday that cargo rose 5 percent. Kim said more berths would open.\n\n"
        "Kim Young-soo, a researcher at a state think tank, said exporters had "
        "moved cargo. Lee Jae-myung also visited the port, and Lee praised it.",
        "person",
    )
    assert {"Kim Do-hyung", "Kim Young-soo", "Lee Jae-myung"} <= people
    assert "Kim" not in people and "Lee" not in people


def test_names_with_particles_are_one_person():
    people = names(
        "European Commission President Ursula von der Leyen met Saudi Crown "
        "Prince Mohammed bin Salman in Riyadh. Von der Leyen said trade would "
        "grow. Brazil's envoy, Ana Beatriz Correia da Silva, joined them.",
        "person",
    )
    assert {
        "Ursula von der Leyen",
        "Mohammed bin Salman",
        "Ana Beatriz Correia da Silva",
    } <= people
    assert not people & {"Ursula", "Leyen", "Von der Leyen", "Crown Prince"}


def test_operators_and_utilities_the_model_misses_are_organisations():
    orgs = names(
        "Thames Water said on Friday it would raise bills. Seoul Metro will run "
        "extra trains, and Kestrel Robotics will build the signals.",
        "org",
    )
    assert {"Thames Water", "Seoul Metro", "Kestrel Robotics"} <= orgs


def test_a_company_and_its_short_name_are_one_entity():
    orgs = names(
        "Samsung Electronics Co. said its profit rose. Samsung Electronics "
        "expects more demand, and Samsung will hire 1,000 engineers. The "
        "Japanese Defense Ministry said the Defense Ministry would reply.",
        "org",
    )
    assert "Samsung Electronics Co" in orgs
    assert not orgs & {"Samsung", "Samsung Electronics", "Defense Ministry"}


def test_an_acronym_in_brackets_names_its_organisation_later():
    orgs = names(
        "Researchers from the Korea Institute of Ocean Science and Technology "
        "(KIOST) sailed on Monday. KIOST said the voyage would last a month, "
        "and the Vardenian Institute for Polar Research (VPR) joined it.",
        "org",
    )
    assert orgs == {
        "Korea Institute of Ocean Science and Technology",
        "Vardenian Institute for Polar Research",
    }


@pytest.mark.parametrize(
    "text",
    [
        "He defected and moved to the North in 1998, the ministry said.",
        "Officials in the West have warned against the deal.",
        "Millions of people in the South voted on Sunday.",
    ],
)
def test_points_of_the_compass_are_not_places(text):
    assert not names(text, "place") & {"North", "West", "South"}


def test_plural_and_short_nationalities_are_one_group():
    groups = names(
        "North Koreans crossed the border. A North Korean soldier and two N. "
        "Korean fishermen were returned. Kenyans and a Kenyan official watched.",
        "group",
    )
    assert groups == {"North Korean", "Kenyan"}


def test_a_photo_credit_is_not_an_entity_but_the_caption_places_are():
    text = extraction_text(
        "",
        "The train carried goods across the river.",
        "Photo taken on Jan. 5 shows a bridge in Nanao, central Japan. (Kyodo)\n"
        "A ferry at the port. (AP Photo/Jane Roe)",
    )
    assert "Kyodo" not in text and "AP Photo" not in text
    found = entities(text)
    assert ("Nanao", "place") in found
    assert not {name for name, _ in found} & {"Kyodo", "AP", "Jane Roe"}


def test_diseases_are_not_names():
    found = {name for name, _ in entities("COVID-19 and Measles cases rose.")}
    assert not found & {"COVID-19", "Measles"}

import subprocess
import sys

import pytest

from articles.entities.extraction import (
    MAX_TEXT_CHARS,
    EntitySpan,
    ExtractedEntity,
    _add_named_bodies,
    _add_offices,
    _add_ports,
    _apply_cues,
    _build_entities,
    _cap,
    _context_label,
    _divisions_named,
    _harmonise_kinds,
    _is_junk,
    _link_short_forms,
    _Mention,
    _places_before_plural,
    _places_naming_bodies,
    _resolve_names,
    _split_at_titles,
    _split_routes,
    _split_seats,
    _tidy,
    _with_prefixes,
    extract_entities,
    extract_many,
    extract_spans,
    extract_spans_many,
    load_pipeline,
    tidy_name,
)
from tests.conftest import ROOT, SEED_FILE, SEED_PLACES

# Invented for these tests: a person, an organisation, places and a group.
HAND_WRITTEN_ARTICLE = (
    "Kenji Morita, chief executive of Toyota Motor Corp, said Japanese buyers "
    "were cautious. Kenji Morita spoke in Tokyo."
)


def kyodo_story():
    lines = SEED_FILE.read_text(encoding="utf-8").rstrip().splitlines()
    assert lines[-1] == "==Kyodo"
    return "\n".join(lines[:-1])


def as_pairs(entities):
    return {(entity.name, entity.kind) for entity in entities}


def test_kyodo_seed_finds_its_seven_places():
    found = as_pairs(extract_entities(kyodo_story()))

    for place in SEED_PLACES:
        assert (place, "place") in found


def test_yunnan_province_and_yunnan_merge_into_one_place():
    entities = extract_entities(kyodo_story())

    yunnan = [entity for entity in entities if "yunnan" in entity.name.casefold()]
    assert yunnan == [ExtractedEntity("Yunnan", "place", 2)]


def test_spacy_labels_map_to_person_org_place_and_group():
    found = as_pairs(extract_entities(HAND_WRITTEN_ARTICLE))

    assert found == {
        ("Kenji Morita", "person"),
        ("Toyota Motor Corp", "org"),
        ("Tokyo", "place"),
        ("Japanese", "group"),
    }


def test_labels_outside_the_four_kinds_are_dropped():
    entities = _build_entities(
        [("DATE", "Monday"), ("MONEY", "$5"), ("EVENT", "Korean War")]
    )

    assert entities == []


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        (
            "North Korea fired a missile. Officials in North Korea said the test "
            "succeeded. Analysts expect North Korea to test again.",
            ExtractedEntity("North Korea", "place", 3),
        ),
        (
            "Prices at Dunmore Holdings Ltd rose. Dunmore said profits doubled, "
            "and Dunmore shares gained.",
            ExtractedEntity("Dunmore Holdings Ltd", "org", 3),
        ),
    ],
    ids=[
        "repeated_mentions_merge_into_one_entity_with_a_count",
        "a_company_short_name_resolves_to_the_full_name",
    ],
)
def test_every_mention_counts_for_the_one_entity(text, entity):
    assert extract_entities(text) == [entity]


def test_mentions_merge_case_insensitively_under_the_most_frequent_spelling():
    entities = _build_entities(
        [("GPE", "TOKYO"), ("GPE", "Tokyo"), ("GPE", "Tokyo"), ("GPE", "tokyo")]
    )

    assert entities == [ExtractedEntity("Tokyo", "place", 4)]


def test_spelling_ties_go_to_lower_case_then_the_longest_then_the_first_seen():
    # "Straße" and "Strasse" casefold alike but differ in length.
    longest = _build_entities([("FAC", "Straße"), ("FAC", "Strasse")])
    not_shouted = _build_entities([("GPE", "TOKYO"), ("GPE", "Tokyo")])
    first = _build_entities([("ORG", "McKinsey"), ("ORG", "Mckinsey")])

    assert longest == [ExtractedEntity("Strasse", "place", 2)]
    assert not_shouted == [ExtractedEntity("Tokyo", "place", 2)]
    assert first == [ExtractedEntity("McKinsey", "org", 2)]


def test_same_name_with_different_kinds_stays_separate():
    entities = _build_entities([("ORG", "Kyodo"), ("GPE", "Kyodo")])

    assert as_pairs(entities) == {("Kyodo", "org"), ("Kyodo", "place")}


def test_results_are_sorted_by_count_then_name():
    entities = _build_entities(
        [("GPE", "Seoul"), ("GPE", "Beijing"), ("GPE", "Tokyo"), ("GPE", "Tokyo")]
    )

    assert [entity.name for entity in entities] == ["Tokyo", "Beijing", "Seoul"]


def test_leading_the_is_dropped_from_names():
    text = "The United Nations said on Monday it would send aid."

    assert extract_entities(text) == [ExtractedEntity("United Nations", "org", 1)]


def test_possessive_is_dropped_from_names():
    text = "Japan's economy grew. Japan’s exports rose as the yen weakened."

    assert extract_entities(text) == [ExtractedEntity("Japan", "place", 2)]


@pytest.mark.parametrize(
    ("surface", "kind", "expected"),
    [
        ("The United Nations", "org", "United Nations"),
        ("the Pentagon", "org", "Pentagon"),
        ("Japan's", "place", "Japan"),
        ("Japan’s", "place", "Japan"),
        ("Toyota Motor Corp.", "org", "Toyota Motor Corp"),
        ("Kenji\n  Morita", "person", "Kenji Morita"),
        ('"Kenji Morita,"', "person", "Kenji Morita"),
        ("(Kyodo)", "org", "Kyodo"),
        ("“the Japanese’s”", "group", "Japanese"),
        ("Koreans'", "group", "Koreans"),
        ("U.S.", "place", "U.S."),
        ("The Hague", "place", "The Hague"),
        ("Yunnan Province", "place", "Yunnan"),
        ("Fukushima prefecture", "place", "Fukushima"),
        ("Bank of Yunnan Province", "org", "Bank of Yunnan Province"),
        ("Province", "place", "Province"),
    ],
)
def test_names_are_normalised(surface, kind, expected):
    assert tidy_name(surface, kind) == expected


@pytest.mark.parametrize(
    "name",
    [
        "",
        "X",
        "1950-1953",
        "34,000",
        "He",
        "they",
        "Mr",
        "President",
        "Prime Minister",
        "Dr.",
        "BREAKING NEWS FROM THE REGION",
        "A" * 101,
        "GMT",
        "EPS",
        "Tue",
        "Sept.",
    ],
)
def test_junk_names_are_recognised(name):
    assert _is_junk(name)


@pytest.mark.parametrize(
    "name",
    ["Kenji Morita", "U.S.", "EU", "NATO", "General Motors", "President Biden", "G7"],
)
def test_real_names_are_not_junk(name):
    assert not _is_junk(name)


def test_junk_mentions_are_dropped_from_results():
    entities = _build_entities(
        [
            ("PERSON", "Mr."),
            ("PERSON", "He"),
            ("ORG", "1984"),
            ("GPE", "'N'"),
            ("ORG", "THE QUARTERLY REPORT OF THE MINISTRY"),
            ("PERSON", "Hiroshi Kato"),
        ]
    )

    assert entities == [ExtractedEntity("Hiroshi Kato", "person", 1)]


def test_empty_text_has_no_entities():
    assert extract_entities("") == []
    assert extract_entities("   \n\n ") == []


def test_extract_many_matches_extract_entities_in_order():
    texts = [kyodo_story(), "", HAND_WRITTEN_ARTICLE, "North Korea fired a missile."]

    results = list(extract_many(texts, batch_size=2))

    assert results == [extract_entities(text) for text in texts]


def test_extract_many_with_several_processes_matches_extract_entities():
    texts = [HAND_WRITTEN_ARTICLE, "", "North Korea fired a missile."]

    results = list(extract_many(texts, n_process=2, batch_size=1))

    assert results == [extract_entities(text) for text in texts]


def test_long_text_is_cut_at_a_word_boundary_within_the_cap():
    text = "word " * (MAX_TEXT_CHARS // 5 + 100)

    capped = _cap(text)

    assert len(capped) <= MAX_TEXT_CHARS
    assert capped.endswith("word")
    assert _cap("Short text.") == "Short text."


def test_entities_past_the_cap_are_ignored():
    padding = "x " * (MAX_TEXT_CHARS // 2)
    text = f"Kenji Morita arrived. {padding}Hiroshi Kato left."

    names = {entity.name for entity in extract_entities(text)}

    assert "Kenji Morita" in names
    assert "Hiroshi Kato" not in names


def test_pipeline_runs_only_ner_and_the_article_resolver():
    assert load_pipeline().pipe_names == ["ner", "newsroom_entities"]


def test_model_name_can_be_overridden_by_environment(monkeypatch):
    import spacy

    loaded = []

    def fake_load(name, **kwargs):
        loaded.append(name)
        return spacy.blank("en")

    monkeypatch.setenv("NEWSROOM_SPACY_MODEL", "xx_custom_model")
    monkeypatch.setattr(spacy, "load", fake_load)
    load_pipeline.cache_clear()
    try:
        load_pipeline()
    finally:
        load_pipeline.cache_clear()

    assert loaded == ["xx_custom_model"]


def test_importing_the_module_does_not_import_spacy():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, articles.entities.extraction; print('spacy' in sys.modules)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"


# --- Mentions, and what the article-level resolver adds to the model --------


def test_spans_are_offsets_into_the_text_in_reading_order():
    spans = extract_spans(HAND_WRITTEN_ARTICLE)

    assert spans == sorted(spans, key=lambda span: span.start)
    for span in spans:
        assert HAND_WRITTEN_ARTICLE[span.start : span.end] == span.text
    assert EntitySpan(0, 12, "Kenji Morita", "PERSON", "Kenji Morita") in spans


def test_entities_count_the_same_mentions_as_the_spans():
    text = kyodo_story()
    spans = extract_spans(text)
    entities = extract_entities(text)

    counted = sum(1 for span in spans if span.kind != "other")
    assert sum(entity.count for entity in entities) == counted


def test_other_named_things_are_spans_but_not_entities():
    text = "Kenji Morita watched the World Series in Tokyo."

    spans = extract_spans(text)

    assert ("World Series", "other") in {(span.text, span.kind) for span in spans}
    assert as_pairs(extract_entities(text)) == {
        ("Kenji Morita", "person"),
        ("Tokyo", "place"),
    }


def test_extract_spans_many_matches_extract_spans_in_order():
    texts = [HAND_WRITTEN_ARTICLE, "", kyodo_story()]

    assert list(extract_spans_many(texts, batch_size=2)) == [
        extract_spans(text) for text in texts
    ]


def test_a_surname_resolves_to_the_full_name_seen_earlier():
    text = (
        "Kenji Morita, chief executive of Toyota Motor Corp, said sales were weak.\n"
        "Morita said the company would cut prices."
    )

    spans = [span for span in extract_spans(text) if span.text == "Morita"]

    assert [(span.label, span.name) for span in spans] == [("PERSON", "Kenji Morita")]
    assert ExtractedEntity("Kenji Morita", "person", 2) in extract_entities(text)


def test_a_surname_the_model_missed_is_found_after_the_full_name():
    text = (
        "Kenji Morita, chief executive of Toyota Motor Corp, said sales were weak. "
        "Analysts doubted Morita. Morita did not reply."
    )

    people = [entity for entity in extract_entities(text) if entity.kind == "person"]

    assert people == [ExtractedEntity("Kenji Morita", "person", 3)]


def test_an_acronym_in_brackets_stands_for_the_name_before_it():
    text = (
        "Hiroshi Tanabe resigned from the Northern Grain Traders Council (NGTC) "
        "on Monday. The NGTC said it would elect a new chair."
    )

    spans = [span for span in extract_spans(text) if span.text == "NGTC"]

    assert [span.label for span in spans] == ["ORG", "ORG"]
    assert ExtractedEntity(
        "Northern Grain Traders Council", "org", 3
    ) in extract_entities(text)


def test_one_string_gets_one_kind_throughout_an_article():
    import spacy

    doc = spacy.blank("en")("Lutter spoke . Lutter left . Lutter returned .")
    mentions = [
        _Mention(0, 1, "PERSON"),
        _Mention(3, 4, "ORG"),
        _Mention(6, 7, "PERSON"),
    ]

    assert [m.label for m in _harmonise_kinds(doc, mentions)] == ["PERSON"] * 3


def test_extracted_spans_never_give_one_string_two_kinds():
    text = (
        "Sabine Lutter met Lutter's lawyers in Geneva. Lutter denied the charges, "
        "and the Geneva prosecutor said Lutter would appear again. Officials in "
        "Jordan said Jordan would send a delegation to Geneva."
    )

    kinds = {}
    for span in extract_spans(text):
        kinds.setdefault(span.text.casefold(), set()).add(span.kind)

    assert all(len(found) == 1 for found in kinds.values()), kinds


def test_places_in_a_capitalised_dateline_are_found_and_merged():
    text = (
        "OUAGADOUGOU, March 3 (Reuters) - Officials in Ouagadougou said the "
        "talks would resume."
    )

    entities = extract_entities(text)

    assert ExtractedEntity("Ouagadougou", "place", 2) in entities
    assert ("Reuters", "org") in as_pairs(entities)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A Slovak and two Bangladeshi sailors were rescued.",
            {("Slovak", "group"), ("Bangladeshi", "group")},
        ),
        (
            "President Okonkwo visited Lagos on Sunday. Okonkwo promised roads.",
            {("Okonkwo", "person"), ("Lagos", "place")},
        ),
    ],
    ids=[
        "nationalities_the_model_takes_for_people_are_groups",
        "a_title_before_a_name_makes_a_person",
    ],
)
def test_kinds_the_model_gets_wrong_are_put_right(text, expected):
    assert as_pairs(extract_entities(text)) == expected


def test_a_name_inside_a_longer_name_is_left_to_the_longer_one():
    text = "The Bank of Japan kept rates on hold."

    assert extract_entities(text) == [ExtractedEntity("Bank of Japan", "org", 1)]


def test_span_edges_are_tidied():
    text = (
        "Interfax news agency quoted Boutros Boutros-Ghali.\n"
        "Results of Zenko Holdings Ltd were due at 1400 GMT on Tue."
    )

    texts = {span.text for span in extract_spans(text)}

    assert "Interfax" in texts
    assert "Boutros Boutros-Ghali" in texts
    assert "GMT" not in texts
    assert "Tue" not in texts


def test_entities_never_run_across_a_line_break():
    text = "Talks ended in Geneva\nHiroshi Kato said on Monday."

    for span in extract_spans(text):
        assert "\n" not in span.text


# --- Rules written on the fresh-7 wire stories: new sentences in wire style --


def spans_of(text):
    return {(span.text, span.kind, span.name) for span in extract_spans(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Hirosaki Chamber Orchestra, based in Aomori, will tour Finland "
            "next spring.",
            ("Hirosaki Chamber Orchestra", "org"),
        ),
        (
            "The Air Self-Defense Force scrambled jets on Tuesday.",
            ("Air Self-Defense Force", "org"),
        ),
        (
            "The Weavers' Trust, set up by former mill workers, bought the site.",
            ("Weavers' Trust", "org"),
        ),
        (
            "A bill to cap rents died in the Idaho Legislature last spring.",
            ("Idaho Legislature", "org"),
        ),
        (
            "Ferries crossing the Sulu Sea were told to stay in port.",
            ("Sulu Sea", "place"),
        ),
    ],
    ids=[
        "an_orchestra",
        "a_force_with_a_hyphenated_word",
        "a_trust_after_a_plural_possessive",
        "a_legislature",
        "a_sea",
    ],
)
def test_names_known_by_their_last_words(text, expected):
    assert expected in as_pairs(extract_entities(text))


def test_a_legal_form_of_two_words_runs_on_after_a_name_the_model_cut():
    import spacy

    doc = spacy.blank("en")("Solar maker Tianshan Glass Co Ltd said on Monday .")
    cued = _apply_cues(doc, [_Mention(2, 4, "PERSON")], frozenset())

    assert cued == [_Mention(2, 6, "ORG")]


def blank(text):
    import spacy

    return spacy.blank("en")(text)


def test_a_company_s_first_word_read_apart_from_its_legal_form_joins_it():
    doc = blank("a stake in Turkey 's Ege Liman Hizmetleri AS , it said")
    mentions = [_Mention(3, 4, "GPE"), _Mention(5, 6, "GPE"), _Mention(6, 9, "PERSON")]

    assert _apply_cues(doc, mentions, frozenset())[1:] == [_Mention(5, 9, "ORG")]


@pytest.mark.parametrize(
    ("text", "mention", "label"),
    [
        ("Ferries crossing the Sulu Sea were told to stay in port .", (3, 5), "LOC"),
        ("A rent bill died in the Idaho Legislature last spring .", (6, 8), "ORG"),
        (
            "The Guernsey Chamber of Commerce welcomed the budget .",
            (1, 5),
            "ORG",
        ),
    ],
    ids=["a_sea", "a_legislature", "a_body_of_a_place_named_for_it"],
)
def test_a_name_s_own_words_give_its_kind(text, mention, label):
    doc = blank(text)
    wrong = "ORG" if label != "ORG" else "GPE"

    cued = _apply_cues(doc, [_Mention(*mention, wrong)], frozenset())

    assert [m.label for m in cued] == [label]


def test_a_force_named_with_a_hyphenated_word_is_a_body():
    doc = blank("The Ground Self-Defense Force sent troops to the island .")

    assert _add_named_bodies(doc, []) == [_Mention(1, 6, "ORG")]


def test_a_company_s_first_words_stand_for_it():
    doc = blank(
        "Welders sued Hanbit Heavy Industries Co. on Monday . Hanbit Heavy said"
    )
    mentions = [_Mention(2, 6, "ORG"), _Mention(9, 11, "PERSON")]

    assert _link_short_forms(doc, mentions)[1] == _Mention(9, 11, "ORG")


def test_a_division_s_noun_or_adjective_after_a_name_makes_it_a_place():
    doc = blank(
        "rains in the rest of Limpopo province ; the party 's Jagang provincial "
        "committee met"
    )
    cued = {}

    named = _divisions_named(
        doc, [_Mention(5, 6, "ORG"), _Mention(11, 12, "ORG")], cued
    )

    assert [m.label for m in named] == ["GPE", "GPE"]
    assert cued == {"limpopo": "GPE", "jagang": "GPE"}


def test_a_town_that_opens_a_council_s_name_is_the_town_alone():
    doc = blank("Galway City Council met . Hotels in Galway are full , Toyota said")
    mentions = [_Mention(0, 3, "ORG"), _Mention(7, 8, "ORG"), _Mention(12, 13, "ORG")]

    placed = _places_naming_bodies(doc, mentions, {})

    assert [m.label for m in placed] == ["ORG", "GPE", "ORG"]


def test_a_word_in_lower_case_cuts_a_person_s_name_in_a_headline():
    doc = blank("Brazilian striker da Costa scores twice")
    peoples = frozenset(["Brazilian"])

    split = _split_at_titles(doc, [_Mention(0, 4, "PERSON")], peoples)

    assert split == [_Mention(0, 1, "NORP"), _Mention(2, 4, "PERSON")]


def test_a_title_in_a_name_in_capitals_ends_the_body():
    doc = blank("signed with IDB Executive Vice President Carla Rojas on Monday")

    split = _split_at_titles(doc, [_Mention(2, 4, "ORG")], frozenset())

    assert split == [_Mention(2, 3, "ORG")]


def test_a_double_barrelled_surname_alone_is_the_person_named_in_full():
    spans = spans_of(
        'Museum director Ingrid Falk-Madsen said the loan had ended. "We had '
        'no choice," Falk-Madsen said.'
    )

    assert ("Falk-Madsen", "person", "Ingrid Falk-Madsen") in spans


@pytest.mark.parametrize(
    ("text", "mention", "label", "expected"),
    [
        ("It hired Gdansk-based Pomorze Dredging .", (2, 3), "PERSON", "GPE"),
        (
            "Sipho Dlamini , a 44-year-old Swazi herder , said so .",
            (0, 2),
            "WORK_OF_ART",
            "PERSON",
        ),
        (
            "Sipho Dlamini , a 44-year-old Swazi herder , said so .",
            (9, 10),
            "ORG",
            "NORP",
        ),
        (
            "Rahul Verma , the airline 's chief executive , said so .",
            (0, 2),
            "GPE",
            "PERSON",
        ),
        (
            "Sindh 's Heritage Cell , a police unit that tracks thefts , said",
            (2, 4),
            "PERSON",
            "ORG",
        ),
        ("State mining group Erdene Khuder said on Friday", (3, 5), "PERSON", "ORG"),
        (
            "Tour buses will park at Ulcinj , near the border with Albania .",
            (5, 6),
            "ORG",
            "GPE",
        ),
        (
            '" It is calm off Hiiumaa , where I was born , " she said .',
            (5, 6),
            "PERSON",
            "GPE",
        ),
        ("It will help the fishermen of Nazare this winter .", (6, 7), "ORG", "GPE"),
        (
            "Lake Ziway , the source of the Bulbula , is shrinking .",
            (7, 8),
            "ORG",
            "LOC",
        ),
        ("Most speak Kalinago , like the Kalinago islanders .", (6, 7), "ORG", "NORP"),
        (
            "The Miskito , descendants of shipwrecked sailors , live there .",
            (1, 2),
            "ORG",
            "NORP",
        ),
    ],
    ids=[
        "based_after_a_town",
        "a_name_in_full_and_an_age",
        "a_people_between_an_age_and_an_occupation",
        "an_office_after_a_body_s_possessive",
        "a_body_s_noun_in_apposition",
        "a_body_s_noun_and_its_trade_before",
        "near_after_a_place",
        "where_after_a_place",
        "the_fishermen_of_a_place",
        "the_source_of_a_river",
        "islanders_after_a_people",
        "descendants_of_after_a_people",
    ],
)
def test_the_words_around_a_name_give_its_kind(text, mention, label, expected):
    doc = blank(text)

    assert _context_label(doc, _Mention(*mention, label), set()) == expected


def test_the_names_after_known_as_are_the_same_thing():
    spans = spans_of(
        "Lake Turkana, known as Lake Rudolf in colonial days, is shrinking, "
        "herders of the Turkana say. The Ogiek Welfare Council, known as OWECO, "
        "said so."
    )

    assert ("Lake Rudolf", "place", "Lake Turkana") in spans
    assert ("OWECO", "org", "Ogiek Welfare Council") in spans


def test_a_town_listed_with_a_place_is_no_lone_person():
    found = as_pairs(
        extract_entities(
            "The co-op also runs grain elevators in Great Falls and Lewistown, "
            "and hired 40 drivers."
        )
    )

    assert ("Lewistown", "place") in found


def test_a_town_in_its_country_is_a_place():
    found = as_pairs(
        extract_entities(
            "Shipping lines have long preferred Bar in Montenegro and Durres in "
            "Albania."
        )
    )

    assert ("Bar", "place") in found


def test_an_office_named_after_its_holder_is_a_body():
    doc = blank("The Brooklyn District Attorney 's Office said on Friday")

    assert _add_offices(doc, [_Mention(1, 2, "GPE")]) == [_Mention(1, 6, "ORG")]


def test_port_of_and_a_town_is_the_port_s_body():
    doc = blank("The Port of Koper said fees would rise . She flew to Port of Spain")
    mentions = [_Mention(3, 4, "GPE"), _Mention(12, 15, "GPE")]

    assert _add_ports(doc, mentions) == [_Mention(1, 4, "ORG"), _Mention(12, 15, "GPE")]


def test_a_member_s_chamber_and_seat_are_a_body_and_a_place():
    doc = blank("Ewan Ross , a member of the Scottish Parliament for Dundee , said")

    split = _split_seats(doc, [_Mention(7, 11, "ORG")])

    assert split == [_Mention(7, 9, "ORG"), _Mention(10, 11, "GPE")]


def test_the_first_of_two_spanish_surnames_is_the_person_named_in_full():
    mentions = [
        (0, 23, "Mariana Quesada Rojas", "PERSON"),
        (40, 47, "Quesada", "PERSON"),
    ]

    assert _resolve_names(mentions) == ["Mariana Quesada Rojas"] * 2


def test_a_journey_the_model_read_as_one_name_is_its_two_ends():
    doc = blank("the crossing from Dover to Calais takes 90 minutes")

    split = _split_routes(doc, [_Mention(3, 6, "ORG")])

    assert split == [_Mention(3, 4, "GPE"), _Mention(5, 6, "GPE")]


def test_names_joined_before_a_plural_noun_for_places_are_places():
    doc = blank("ferries to the Lau and Kadavu island groups and the Samsung plants")
    cued = {}

    found = _places_before_plural(doc, [_Mention(3, 4, "ORG")], cued)

    assert found == [_Mention(3, 4, "GPE"), _Mention(5, 6, "GPE")]
    assert cued == {"lau": "GPE", "kadavu": "GPE"}


def test_a_people_with_a_prefix_that_is_no_name_is_one_people():
    doc = blank("Afro-Colombians and Turkish-Dutch traders")
    mentions = [_Mention(2, 3, "NORP"), _Mention(6, 7, "NORP")]

    widened = _with_prefixes(doc, mentions, frozenset(["Turkish", "Dutch"]))

    assert widened == [_Mention(0, 3, "NORP"), _Mention(6, 7, "NORP")]


def test_a_pacific_chief_s_title_is_not_part_of_the_name():
    doc = blank("Ratu Epeli Naulivou , a chief from Rewa , said")

    assert _tidy(doc, 0, 3, "PERSON") == [_Mention(1, 3, "PERSON")]


def test_a_school_s_last_subject_the_model_read_apart_joins_it():
    spans = spans_of(
        "She studied for four years at the Lithuanian Academy of Music and "
        "Theatre in Vilnius."
    )

    assert ("Lithuanian Academy of Music and Theatre", "org") in {
        (text, kind) for text, kind, _ in spans
    }


def test_a_team_s_name_keeps_the_word_after_its_hyphen():
    doc = blank("as the Daejeon Korea Railway Hi-tempo beat the visitors")

    assert _tidy(doc, 2, 6, "ORG") == [_Mention(2, 8, "ORG")]
    owned = _tidy(blank("the Jeju Shipping Co-owned ferry"), 1, 4, "ORG")
    assert owned == [_Mention(1, 4, "ORG")]

import subprocess
import sys
from pathlib import Path

import pytest

from articles.entities import (
    MAX_TEXT_CHARS,
    ExtractedEntity,
    _build_entities,
    _cap,
    _is_junk,
    _normalise_name,
    extract_entities,
    extract_many,
    load_pipeline,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KYODO_SEED = PROJECT_ROOT / "seeds" / "000_4cc5cf96edb96563.txt"

# Invented for these tests: a person, an organisation, places and a group.
HAND_WRITTEN_ARTICLE = (
    "Kenji Morita, chief executive of Toyota Motor Corp, said Japanese buyers "
    "were cautious. Kenji Morita spoke in Tokyo."
)


def kyodo_story():
    lines = KYODO_SEED.read_text(encoding="utf-8").rstrip().splitlines()
    assert lines[-1] == "==Kyodo"
    return "\n".join(lines[:-1])


def as_pairs(entities):
    return {(entity.name, entity.kind) for entity in entities}


def test_kyodo_seed_finds_its_seven_places():
    found = as_pairs(extract_entities(kyodo_story()))

    for place in [
        "China",
        "North Korea",
        "Japan",
        "South Korea",
        "Beijing",
        "Yunnan",
        "Vietnam",
    ]:
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


def test_repeated_mentions_merge_into_one_entity_with_a_count():
    text = (
        "North Korea fired a missile. Officials in North Korea said the test "
        "succeeded. Analysts expect North Korea to test again."
    )

    assert extract_entities(text) == [ExtractedEntity("North Korea", "place", 3)]


def test_mentions_merge_case_insensitively_under_the_most_frequent_spelling():
    entities = _build_entities(
        [("GPE", "TOKYO"), ("GPE", "Tokyo"), ("GPE", "Tokyo"), ("GPE", "tokyo")]
    )

    assert entities == [ExtractedEntity("Tokyo", "place", 4)]


def test_spelling_ties_go_to_the_longest_then_the_first_seen():
    # "Straße" and "Strasse" casefold alike but differ in length.
    longest = _build_entities([("FAC", "Straße"), ("FAC", "Strasse")])
    first = _build_entities([("GPE", "TOKYO"), ("GPE", "Tokyo")])

    assert longest == [ExtractedEntity("Strasse", "place", 2)]
    assert first == [ExtractedEntity("TOKYO", "place", 2)]


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
    assert _normalise_name(surface, kind) == expected


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


def test_pipeline_runs_only_the_ner_component():
    assert load_pipeline().pipe_names == ["ner"]


def test_model_name_can_be_overridden_by_environment(monkeypatch):
    import spacy

    loaded = []
    monkeypatch.setenv("NEWSROOM_SPACY_MODEL", "xx_custom_model")
    monkeypatch.setattr(spacy, "load", lambda name, **kwargs: loaded.append(name))
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
            "import sys, articles.entities; print('spacy' in sys.modules)",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"

"""Every word of a wire file is findable: captions are searched and read for
entities, and the dateline's place is an entity of the story."""

import shutil

import pytest

from articles.ingest.importer import import_paths
from articles.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def places_of(article):
    return set(
        article.mentions.filter(entity__kind="place").values_list(
            "entity__name", flat=True
        )
    )


def test_the_users_seed_caption_is_searched_and_its_places_are_entities(
    client, users_seed, tmp_path
):
    shutil.copy(users_seed, tmp_path / users_seed.name)
    assert import_paths(paths=[tmp_path]).created == 1
    article = Article.objects.get()
    # Named only in the photo caption.
    assert {"Dandong", "Sinuiju"} <= places_of(article)
    page = client.get("/search/", {"q": "Dandong"}).content.decode()
    assert article.get_absolute_url() in page
    assert "Photo caption:" in page


def test_the_dateline_place_is_an_entity_named_as_running_text_names_it(tmp_path):
    (tmp_path / "ap.txt").write_text(
        "Senate passes rural clinics bill\n\n"
        "By MARIA LOPEZ Associated Press\n\n"
        "WASHINGTON (AP) — The Senate voted on Thursday to fund a network of "
        "rural clinics, sending the measure to the president.\n\n"
        "Supporters said the clinics would serve about two million people."
    )
    assert import_paths(paths=[tmp_path]).created == 1
    article = Article.objects.get()
    assert article.dateline == "WASHINGTON"
    assert "Washington" in places_of(article)
    assert "WASHINGTON" not in places_of(article)

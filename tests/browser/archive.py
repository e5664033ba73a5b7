"""A small made-up archive for the browser tests, on top of the seed article.

Forty-eight harbour stories from three wire services over five years, each
naming a port, the harbour board and some of a cast of people, so that the
search for "harbour" pages, facets have something to count and entity and
source pages have several articles.
"""

import datetime
import hashlib
from io import StringIO

from django.core.management import call_command

from articles.models import Article, Entity, EntityKind, Mention, Source

QUERY = "harbour"
SOURCES = ["Reuters", "Associated Press", "BBC News"]
PORTS = ["Rotterdam", "Busan", "Valparaíso", "Mombasa"]
# Folders the stories were "filed" in: the article page gives them as sections.
SECTIONS = ["business", "world", "politics"]
PEOPLE = ["Maria Okafor", "Tomas Lindqvist", "Keiko Arai"]
ORGANISATIONS = ["Harbour Board", "Port Workers Union"]
ACTIONS = [
    ("approves new ferry terminal", "approved plans for a ferry terminal"),
    ("delays dredging of the main channel", "put off dredging the main channel"),
    ("raises fees for cruise ships", "raised the fees it charges cruise ships"),
    ("hires twelve more pilots", "hired twelve more pilots to guide ships in"),
    ("opens a night market on the quay", "opened a night market on the old quay"),
    ("plans a sea wall against storm surges", "set out plans for a sea wall"),
    ("tests electric tugboats", "began trials of two electric tugboats"),
    ("settles dispute over night shifts", "settled a long dispute over night shifts"),
    ("reopens the fish market after repairs", "reopened the fish market"),
    ("counts record container traffic", "reported record container traffic"),
    ("bans heavy fuel oil in the inner harbour", "banned heavy fuel oil"),
    ("names a new harbour master", "named a new harbour master"),
]


def build_archive(*, seed=True):
    """The seed (through the importer) plus the made-up stories; returns them."""
    if seed:
        call_command("import_seeds", stdout=StringIO(), stderr=StringIO())
    sources = [Source.objects.create(name=name) for name in SOURCES]
    ports = [Entity.objects.create(name=n, kind=EntityKind.PLACE) for n in PORTS]
    people = [Entity.objects.create(name=n, kind=EntityKind.PERSON) for n in PEOPLE]
    board, union = (
        Entity.objects.create(name=n, kind=EntityKind.ORGANISATION)
        for n in ORGANISATIONS
    )
    chileans = Entity.objects.create(name="Chileans", kind=EntityKind.GROUP)
    articles = []
    number = 0
    for a, (headline, deed) in enumerate(ACTIONS):
        for p, port in enumerate(ports):
            number += 1
            person = people[(a + p) % len(people)]
            source = sources[(a + 2 * p) % len(sources)]
            published = datetime.date(
                2020 + number % 5, 1 + number % 12, 1 + number % 28
            )
            title = f"{port.name} harbour board {headline}"
            body = "\n\n".join(
                [
                    f"The {port.name} harbour board {deed} on {published:%A}, "
                    f"its chair {person.name} told reporters at the port.",
                    f"{person.name} said the decision followed months of talks "
                    "with the Port Workers Union and shipping lines, and that "
                    "the harbour would stay open throughout.",
                    "Union officials welcomed the news but said they would "
                    "watch closely how the board kept its promises on jobs.",
                ]
            )
            article = Article.objects.create(
                title=title,
                body=body,
                source=source,
                published=published,
                dateline=port.name.upper(),
                byline=f"By {PEOPLE[(a + p + 1) % len(PEOPLE)]}",
                captions=(
                    f"Ships wait outside {port.name} harbour." if a % 4 == 0 else ""
                ),
                url=f"https://example.com/{port.slug}/{number}",
                import_key=f"{SECTIONS[a % 3]}/harbour-{number:03d}.txt",
                content_hash=hashlib.sha256(body.encode()).hexdigest(),
            )
            Mention.objects.create(article=article, entity=port, count=2)
            Mention.objects.create(article=article, entity=board, count=1)
            Mention.objects.create(article=article, entity=person, count=2)
            if a % 2:
                Mention.objects.create(article=article, entity=union, count=1)
            if port.name == "Valparaíso":
                Mention.objects.create(article=article, entity=chileans, count=1)
            articles.append(article)
    return articles


def main_pages(article):
    """{name: path} of the pages every reader sees, `article` the article page's."""
    return {
        "home": "/",
        "search": f"/search/?q={QUERY}",
        "search without hits": "/search/?q=zeppelin",
        "article": article.get_absolute_url(),
        "entity": Entity.objects.get(name="Busan").get_absolute_url(),
        "source": Source.objects.get(name="Reuters").get_absolute_url(),
        "help": "/search/help/",
        "compare": f"/compare/?q={QUERY}&q=ferry",
        # The batch search's form; its results are POSTed (run_batch below).
        "batch": "/batch/",
    }


# --- Batch search -----------------------------------------------------------

BATCH_LINES = ["ferry", QUERY, "zeppelin"]


def run_batch(reader, lines=BATCH_LINES):
    """Opens /batch/, pastes `lines` and runs them: the page of results."""
    page = reader.open("/batch/")
    page.get_by_label("Names or queries, one per line").fill("\n".join(lines))
    page.get_by_role("button", name="Run the batch").click()
    page.wait_for_selector(".batch-table, .notice--error")
    return page

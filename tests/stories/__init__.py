"""Stories of our own in wire style, for the tests of grouping and of what
readers and editors see: a dock strike sent as an alert, the story, an
update and a correction, and an unrelated earthquake the same day."""

import json

from articles.ingest.importer import import_paths
from articles.models import Article

BODY = (
    "Hundreds of dock workers at the port of Valparaiso walked off the job on "
    "Tuesday, halting the loading of copper and fruit bound for Asia, union "
    "leaders said.\n\n"
    "The strike, the third this year, began after talks on a new wage deal "
    "broke down late on Monday, said Rosa Medel, a spokeswoman for the dock "
    "workers' union.\n\n"
    "Port officials said some 40 ships were waiting to berth and that exports "
    "of fresh cherries, at the height of their season, were most at risk.\n\n"
    "The government called both sides to a meeting in Santiago on Wednesday."
)
UPDATE = BODY + (
    "\n\nLabour Minister Jorge Ibarra said he expected an agreement within days "
    "and urged the union to return to work while talks continued."
)
ALERT = (
    "Dock workers at the port of Valparaiso walked off the job on Tuesday, "
    "halting the loading of copper and fruit, union leaders said."
)
OTHER = (
    "A magnitude 6.1 earthquake shook northern Chile on Tuesday, the national "
    "seismology centre said, with no immediate reports of damage.\n\n"
    "The quake struck 40 km east of Calama at a depth of 110 km."
)


def record(key, title, body, date, **extra):
    return json.dumps(
        {"id": key, "title": title, "body": body, "date": date, "source": "Reuters"}
        | extra
    )


def write(path, *records):
    path.write_text("\n".join(records) + "\n")
    return path


def import_feed(path):
    result = import_paths(paths=[path], extract=False)
    assert result.failed == 0, result.errors
    return result


# The strike in its versions, and the quake: (headline, body, time sent).
WIRE = {
    "a": ("Chile port workers strike", ALERT, "2024-01-09T14:02:00"),
    "b": ("Chile port workers strike, halting exports", BODY, "2024-01-09T14:40:00"),
    "c": (
        "UPDATE 1-Chile port workers strike, halting exports",
        UPDATE,
        "2024-01-09T18:15:00",
    ),
    "d": (
        "CORRECTED-UPDATE 1-Chile port workers strike, halting exports",
        "(Corrects number of strikes in paragraph 2)\n\n"
        + UPDATE.replace("third", "fourth"),
        "2024-01-10T08:00:00",
    ),
    "e": ("Quake shakes northern Chile", OTHER, "2024-01-09T15:00:00"),
}


def import_wire(path, *keys, **changed) -> dict:
    """Import the WIRE items `keys` (with `changed` ones: key=(headline,
    body, time)) from one JSON Lines file; their articles by key."""
    items = {key: WIRE[key] for key in keys} | changed
    feed = write(path / "wire.jsonl", *(record(k, *v) for k, v in items.items()))
    import_feed(feed)
    return {a.import_key: a for a in Article.objects.filter(import_key__in=items)}

"""Batch search (/batch/): up to MAX_LINES names or queries, pasted one per
line or uploaded as a text or CSV file, and for each the stories that match
it, its first and last date and a link to its search; sorted by any of
those, and downloadable as CSV.

Each line is read as the search page reads its query (articles.filters),
with the form's filters (source, dates) applied to every line, and counted
as the search page counts: in stories, an article not grouped yet a story of
its own, withdrawn articles nowhere. Each line runs under a time budget
(NEWSROOM_BATCH_LINE_BUDGET_MS) and the whole batch under another
(NEWSROOM_BATCH_BUDGET_MS): a line that runs out is reported as not
finished, and the others go on.

The lines are too many for an address, so the form is POSTed, with a CSRF
token. Its pages are therefore never kept by a shared cache (`private,
no-store`, which also keeps them uncompressed: see BREACH in
newsroom/middleware.py), and nothing of a batch is kept on the server.
"""

import csv
import datetime
import io
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from .caching import own_validators
from .exports import _cell
from .filters import ArticleFilter
from .models import Article
from .search import get_search_backend
from .search.backends import BudgetExceeded
from .search.query import MAX_QUERY_LENGTH
from .stories.results import story_index_table, through_story_index

MAX_LINES = 500
MAX_LINE_LENGTH = MAX_QUERY_LENGTH  # the search box's
MAX_FILE_BYTES = 1024 * 1024
# The whole request, file and box together: Django reads no more than this
# of the box's text into memory (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB), and a
# larger request is answered before its body is read.
MAX_REQUEST_BYTES = 5 * 512 * 1024
# Each line's time, and the whole batch's: well inside gunicorn's 30 s.
LINE_BUDGET_MS = 2000
BATCH_BUDGET_MS = 20000
FORMATS = ("html", "csv")
# The form's filters, applied to every line as the search page applies them.
FILTERS = ("source", "published_after", "published_before")
# The results table's columns: (key, heading, numeric, sorted descending
# first, or None when it does not sort).
COLUMNS = [
    ("line", "Line", True, False),
    ("query", "Name or query", False, None),
    ("count", "Stories", True, True),
    ("first", "First", False, False),
    ("last", "Last", False, True),
    ("notes", "Notes", False, None),
]
SORTED_BY = [key for key, _, _, first in COLUMNS if first is not None]
SORTS = {*SORTED_BY, *(f"-{key}" for key in SORTED_BY)}
CSV_COLUMNS = ["line", "query", "stories", "first", "last", "status", "notes", "search"]
# How many offending lines an error names before "and N more", and how many
# line numbers a summary lists.
NAMED = 5
LISTED = 20

DONE, UNFINISHED, NOT_RUN = "done", "not finished", "not run"


class BatchForm(forms.Form):
    """The lines, pasted or as a file, and how to read them; the filters
    come from ArticleFilter's form beside it."""

    lines = forms.CharField(
        label="Names or queries, one per line",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "spellcheck": "false", "aria-describedby": "lines-help"}
        ),
    )
    file = forms.FileField(
        label="Or a text or CSV file",
        required=False,
        widget=forms.FileInput(
            attrs={
                "accept": ".txt,.csv,text/plain,text/csv",
                "aria-describedby": "file-help",
            }
        ),
    )
    header = forms.BooleanField(
        label="Skip the file’s first row (a header)", required=False
    )
    phrases = forms.BooleanField(
        label="Search each line as a phrase: its words together, in order (names)",
        required=False,
    )


class BatchError(Exception):
    """Input a batch cannot be run on, with the status to answer it with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Line:
    """One line of a batch, as given, and what it found."""

    number: int  # its place among the lines read, from 1
    text: str  # as given
    query: str  # as searched: the text, or it as one phrase
    link: str = ""  # the search page for it
    status: str = NOT_RUN
    stories: int | None = None
    first: datetime.date | None = None
    last: datetime.date | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Asked:
    """A batch as read from the request: its lines, or why it cannot run."""

    text: str  # the lines as the box shows them again
    lines: list[Line]
    filterset: ArticleFilter
    blank: int = 0
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (line, of line)
    errors: list[str] = field(default_factory=list)
    status: int = 400  # of the errors

    def repeats(self) -> str:
        """E.g. "line 5 (as line 1) and line 9 (as line 2)"."""
        return listed([f"line {n} (as line {first})" for n, first in self.repeated])


@dataclass
class Batch:
    lines: list[Line]
    seconds: float
    line_budget: float

    @property
    def took(self) -> str:
        """How long it took, in seconds: "1.25", "under 0.01"."""
        return f"{self.seconds:.2f}" if self.seconds >= 0.01 else "under 0.01"

    @property
    def budget(self) -> str:
        """Each line's time, in seconds: "2", "0.25"."""
        return f"{self.line_budget:g}"

    @property
    def unfinished(self) -> list[Line]:
        return [line for line in self.lines if line.status != DONE]

    def unfinished_numbers(self) -> str:
        """E.g. "lines 4, 17 and 30": the lines not finished."""
        numbers = sorted(line.number for line in self.unfinished)
        return f"line{'s' if len(numbers) > 1 else ''} {listed(numbers)}"


def listed(items: list) -> str:
    """The first LISTED of `items` in words ("4, 17 and 30"), and how many
    more there are."""
    shown = [str(item) for item in items[:LISTED]]
    if len(items) > len(shown):
        shown.append(f"{len(items) - len(shown):,} more")
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


# --- Reading the request ----------------------------------------------------


def read_request(form: BatchForm, params) -> Asked:
    """The lines of a batch (pasted, or from its file), numbered, blank and
    repeated ones set aside, and the filters for every line; `errors` says
    in words why it cannot be run."""
    given = {name: params[name] for name in FILTERS if params.get(name)}
    filterset = ArticleFilter(given, queryset=Article.objects.public())
    asked = Asked(text=params.get("lines", ""), lines=[], filterset=filterset)
    form.is_valid()
    rows = []
    try:
        rows = read_rows(form, asked)
    except BatchError as error:
        asked.errors.append(error.message)
        asked.status = error.status
    asked.errors += filter_errors(filterset.form)
    found = number_lines(asked, rows, phrases=form.cleaned_data.get("phrases"))
    if found > MAX_LINES:
        asked.errors.append(
            f"This batch has {found:,} lines to search (blank and repeated "
            f"lines aside); a batch takes {MAX_LINES} at most. Split it into "
            f"batches of {MAX_LINES}."
        )
    long = [line for line in asked.lines if len(line.text) > MAX_LINE_LENGTH]
    for line in long[:NAMED]:
        asked.errors.append(
            f"Line {line.number} is {len(line.text):,} characters long; a line "
            f"may be {MAX_LINE_LENGTH} at most, as in the search box."
        )
    if len(long) > NAMED:
        asked.errors.append(f"And {len(long) - NAMED:,} more lines are as long.")
    if not found and not asked.errors:
        asked.errors.append("Give at least one name or query, one per line.")
    if not asked.errors:
        filters = filter_params(filterset)
        for line in asked.lines:
            line.link = search_path(line.query, filters)
    return asked


def read_rows(form: BatchForm, asked: Asked) -> list[str]:
    """The rows of the batch's file, or else of its box; the box shows a
    file's rows afterwards."""
    if "\x00" in asked.text:
        raise BatchError("The lines hold a NUL character, which no query can.")
    if form.errors:  # an empty file
        raise BatchError(" ".join(m for ms in form.errors.values() for m in ms))
    data = form.cleaned_data
    if upload := data.get("file"):
        rows = rows_of_file(upload, header=data.get("header", False))
        asked.text = "\n".join(rows)
        return rows
    return asked.text.splitlines()


def number_lines(asked: Asked, rows: list[str], *, phrases: bool) -> int:
    """Number the lines of `rows` into `asked` (up to one more than
    MAX_LINES), blank and repeated ones set aside; returns how many there
    are to search."""
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, 1):
        row = row.strip()
        key = " ".join(row.split()).casefold()
        if not key:
            asked.blank += 1
        elif len(seen) > MAX_LINES:  # too many already: counted, not kept
            seen.setdefault(key, number)
        elif key in seen:
            asked.repeated.append((number, seen[key]))
        else:
            seen[key] = number
            query = as_phrase(row) if phrases else row
            asked.lines.append(Line(number, row, query))
    return len(seen)


def rows_of_file(upload, *, header: bool) -> list[str]:
    """The lines of an uploaded file: each line of a text file, the first
    column of a CSV file (a cell's own line breaks made spaces); UTF-8."""
    name = upload.name
    if upload.size > MAX_FILE_BYTES:
        raise BatchError(
            f"The file {name} is {megabytes(upload.size)}; a file may be "
            f"{megabytes(MAX_FILE_BYTES)} at most.",
            status=413,
        )
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BatchError(
            f"The file {name} is not UTF-8 text (its byte {error.start + 1:,}, "
            f"0x{data[error.start]:02x}, is not UTF-8). Save it as UTF-8 "
            "(in a spreadsheet: CSV UTF-8) and upload it again."
        ) from error
    if "\x00" in text:
        raise BatchError(
            f"The file {name} holds NUL characters: it is not plain text, or it "
            "is UTF-16. Save it as UTF-8 and upload it again."
        )
    if name.lower().endswith(".csv") or upload.content_type == "text/csv":
        rows = first_column(text, name)
    else:
        rows = text.splitlines()
    return rows[1:] if header else rows


def first_column(text: str, name: str) -> list[str]:
    """The first cell of each row of CSV `text`, read with the delimiter it
    uses (a comma, a semicolon or a tab)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [
            " ".join(row[0].split()) if row else ""
            for row in csv.reader(io.StringIO(text), dialect)
        ]
    except csv.Error as error:
        raise BatchError(
            f"The file {name} could not be read as CSV: {error}."
        ) from error


def filter_errors(form) -> list[str]:
    """What is wrong with the filters for every line, in words."""
    if form.is_valid():
        return []
    found = []
    for name, errors in form.errors.as_data().items():
        for error in errors:
            if error.code == "dates_reversed":  # refused, not ignored, here
                found.append("The end date is before the start date.")
            elif name in form.fields:
                found.append(f"{form.fields[name].label}: {' '.join(error.messages)}")
    return found


def as_phrase(text: str) -> str:
    """`text` as one phrase of the query language."""
    return '"' + " ".join(text.replace('"', " ").split()) + '"'


def filter_params(filterset: ArticleFilter) -> list[tuple[str, str]]:
    """The filters for every line, as the search page's parameters."""
    data = filterset.form.cleaned_data
    params = []
    if data.get("source"):
        params.append(("source", data["source"].slug))
    for name in ("published_after", "published_before"):
        if data.get(name):
            params.append((name, data[name].isoformat()))
    return params


def search_path(query: str, filters: list[tuple[str, str]]) -> str:
    """The search page for `query` with the filters for every line."""
    return f"{reverse('articles:search')}?{urlencode([('q', query), *filters])}"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# --- Running it -------------------------------------------------------------


def run_batch(asked: Asked) -> Batch:
    """Count the stories of each line of `asked`, with its first and last
    date, each line under its time budget and all of them under the batch's."""
    line_budget = setting_seconds("NEWSROOM_BATCH_LINE_BUDGET_MS", LINE_BUDGET_MS)
    batch_budget = setting_seconds("NEWSROOM_BATCH_BUDGET_MS", BATCH_BUDGET_MS)
    filterset = asked.filterset
    base = filterset.narrowed(Article.objects.public())
    time_budget = get_search_backend().time_budget
    started = time.monotonic()
    for line in asked.lines:
        left = started + batch_budget - time.monotonic()
        if left <= 0:
            line.notes.append(
                f"Not run: the batch’s {batch_budget:g} seconds ran out. "
                "Run the lines not run as a batch of their own."
            )
            continue
        try:
            with time_budget(min(line_budget, left)):
                count_line(line, filterset, base)
        except BudgetExceeded:
            line.status = UNFINISHED
            line.notes.append(
                f"Not finished: it took longer than its {line_budget:g} seconds."
                if left > line_budget
                else "Not finished: the batch’s time ran out while it ran."
            )
    return Batch(asked.lines, time.monotonic() - started, line_budget)


def setting_seconds(name: str, default_ms: int) -> float:
    return getattr(settings, name, default_ms) / 1000


def count_line(line: Line, filterset: ArticleFilter, base) -> None:
    """Read `line` as the search page reads its query and count its stories,
    with their first and last dates, into it."""
    reading, rows = filterset.matching(base, line.query)
    query = reading.query
    notes = [*query.notes, *reading.notes]
    if query.ignored:
        common = ", ".join(f"‘{word}’" for word in query.ignored)
        notes.append(f"Too common to search for: {common}.")
    if not query and not query.filters:
        notes.append("There was nothing left to search for.")
    line.stories, line.first, line.last = stories_and_dates(rows)
    line.notes, line.status = notes, DONE


def stories_and_dates(rows) -> tuple[int, datetime.date | None, datetime.date | None]:
    """How many stories the articles `rows` are, counted as the search page
    counts them (stories.results.OnePerStory), and their first and last
    dates: one statement, reading the narrow story index."""
    if rows.query.is_empty():
        return 0, None, None
    matches, params = rows.order_by().values("pk").query.sql_with_params()
    matches = through_story_index(matches, rows.db)
    with connections[rows.db].cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT COALESCE(story_id, -id)), MIN(published), "
            f"MAX(published) FROM {story_index_table(rows.db)} "
            f"WHERE id IN ({matches})",
            params,
        )
        stories, first, last = cursor.fetchone()
    return stories, as_date(first), as_date(last)


def as_date(value) -> datetime.date | None:
    """A date the database gave (SQLite gives it as ISO text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def sorted_lines(lines: list[Line], sort: str) -> list[Line]:
    """`lines` sorted by `sort` (a COLUMNS key, "-" first for descending);
    lines without the value (not finished, no date) last, ties in line order."""
    key = sort.lstrip("-")
    if key == "line":
        return sorted(lines, key=lambda line: line.number, reverse=sort != key)
    value = {
        "count": lambda line: line.stories,
        "first": lambda line: line.first,
        "last": lambda line: line.last,
    }[key]
    known = [line for line in lines if value(line) is not None]
    known.sort(key=value, reverse=sort != key)
    return known + [line for line in lines if value(line) is None]


def headings(sort: str) -> list[dict]:
    """The results table's headings; for a column it sorts by, the sort its
    button asks for (the other direction when it is the column sorted by)
    and its aria-sort."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    found = []
    for column, label, numeric, descending_first in COLUMNS:
        heading = {"label": label, "numeric": numeric, "asks": "", "aria_sort": ""}
        if column == key:
            heading["asks"] = column if descending else f"-{column}"
            heading["aria_sort"] = "descending" if descending else "ascending"
        elif descending_first is not None:
            heading["asks"] = f"-{column}" if descending_first else column
        found.append(heading)
    return found


# --- The page ---------------------------------------------------------------


@own_validators  # never cached, so no validators: not the archive's ETag
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@csrf_exempt  # checked by batch_page, once the request's size is known
def batch_search(request):
    """The batch form; POSTed, each line's stories, first and last dates
    and search, as a sortable table or CSV (format=csv)."""
    if request.method == "POST":
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(
                "The request's Content-Length is not a number.",
                content_type="text/plain; charset=utf-8",
            )
        if size > MAX_REQUEST_BYTES:
            # Answered without reading the body, not after storing it.
            message = (
                f"This batch is {megabytes(size)}; a batch may be "
                f"{megabytes(MAX_REQUEST_BYTES)} at most, and its file "
                f"{megabytes(MAX_FILE_BYTES)}."
            )
            return render_form(request, BatchForm(), errors=[message], status=413)
    return batch_page(request)


@csrf_protect
def batch_page(request):
    if request.method != "POST":
        return render_form(request, BatchForm())
    params = request.POST
    output = params.get("format", "html")
    sort = params.get("sort") or params.get("sorted") or "line"
    if output not in FORMATS or sort not in SORTS:
        return HttpResponseBadRequest(
            f"Unknown format or sort; use format={'|'.join(FORMATS)} and "
            f"sort={'|'.join(sorted(SORTS))}.",
            content_type="text/plain; charset=utf-8",
        )
    asked = read_request(BatchForm(params, request.FILES), params)
    # The box shows the lines the batch read (a file's too), to sort them,
    # or change them and run them again.
    shown = params.copy()
    shown["lines"] = asked.text
    form = BatchForm(shown)
    if asked.errors:
        return render_form(request, form, asked=asked, status=asked.status)
    batch = run_batch(asked)
    lines = sorted_lines(batch.lines, sort)
    if output == "csv":
        return csv_response(request, lines)
    return render_form(request, form, asked=asked, batch=batch, lines=lines, sort=sort)


def render_form(request, form, *, asked=None, errors=(), status=200, **context):
    if asked:
        filter_form = asked.filterset.form
        errors = [*errors, *asked.errors]
    else:
        filter_form = ArticleFilter({}).form
    return render(
        request,
        "articles/batch.html",
        {
            "form": form,
            "filter_form": filter_form,
            "asked": asked,
            "errors": errors,
            "headings": headings(context.get("sort", "line")),
            "max_lines": MAX_LINES,
            "max_line_length": MAX_LINE_LENGTH,
            "max_file": megabytes(MAX_FILE_BYTES),
            **context,
        },
        status=status,
    )


def csv_response(request, lines: list[Line], filename="newsroom-batch.csv"):
    """A row per line in the table's order: its stories, first and last
    dates, whether it finished, its notes and its search."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        cells = [
            line.number,
            line.text,
            line.stories,
            line.first,
            line.last,
            line.status,
            " ".join(line.notes),
            request.build_absolute_uri(line.link),
        ]
        writer.writerow([_cell(cell) for cell in cells])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

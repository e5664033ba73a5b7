"""Cursors: a page of a list and the address of the next one.

Lists (articles, stories, entities, sources) page through their ids with
REST framework's CursorPagination: a cursor stays valid however many rows
are added before it. Search results are ranked, not ordered by a column, so
their cursor is the position of the next result, opaque to the client.
"""

import base64
import binascii

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Deeper than this a ranked list is not worth reading a page at a time: the
# search's CSV export has every match.
MAX_POSITION = 10_000


class IdCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "limit"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_description = "The next or previous page's, from next or previous."
    page_size_query_description = f"Results a page: 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE})."

    def get_page_size(self, request):
        """`limit`, refused with a 400 when it is not 1 to MAX_PAGE_SIZE
        (REST framework would quietly give the default instead)."""
        return _limit(request)

    def decode_cursor(self, request):
        """The cursor, a 400 when it is not one (REST framework: a 404)."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: "Invalid cursor."}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE_SIZE)
        return parameters


class NewestFirst(IdCursorPagination):
    ordering = "-id"


class ById(IdCursorPagination):
    ordering = "id"


class RankedCursor:
    """The position of a page of ranked results, as an opaque cursor."""

    query_param = "cursor"

    def __init__(self, request):
        self.request = request
        self.limit = _limit(request)
        self.offset = _decode(request.query_params.get(self.query_param))

    def link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        url = self.request.build_absolute_uri()
        if offset == 0:
            return remove_query_param(url, self.query_param)
        return replace_query_param(url, self.query_param, _encode(offset))

    def links(self, count: int) -> tuple[str | None, str | None]:
        end = self.offset + self.limit
        following = end if end < min(count, MAX_POSITION) else None
        previous = max(0, self.offset - self.limit) if self.offset else None
        return self.link(following), self.link(previous)


def _limit(request) -> int:
    if "limit" not in request.query_params:
        return PAGE_SIZE
    value = request.query_params.get("limit", "")
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise ValidationError({"limit": f"A number from 1 to {MAX_PAGE_SIZE}."})
    return int(value)


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"p={offset}".encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    name, _, value = text.partition("=")
    if name != "p" or not value.isdigit() or int(value) >= MAX_POSITION:
        raise ValidationError({"cursor": "Invalid cursor."})
    return int(value)

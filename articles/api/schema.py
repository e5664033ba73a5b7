"""What every operation of the API may answer besides its own responses,
and the one shape of every error."""

from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "What was wrong with each parameter, by its name.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
COMMON = {
    "400": "A parameter the operation cannot read (errors says which, and why).",
    "401": "A token that is not, or no longer, valid.",
    "429": "Too many requests from this client: wait for Retry-After seconds.",
}
# What an error means where the operation's own description says nothing.
MEANINGS = {
    **COMMON,
    "200": "What was asked for.",
    "404": "Nothing has that id or slug, or it was withdrawn.",
}


def every_answer(result, generator, request, public):
    """drf-spectacular's last step: every error has the one shape (Error),
    and every operation may give the errors any operation may give (a bad
    parameter, a bad token, too many requests)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON.items():
                responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if not response.get("description"):
                    response["description"] = MEANINGS.get(code, "")
                if code.startswith("4"):
                    response["content"] = {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    }
    return result


def errors(exc, context):
    """REST framework's error answers, with a parameter's errors under
    `errors` beside a `detail` that says what happened."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        found = exc.detail if isinstance(exc.detail, dict) else {"": exc.detail}
        response.data = {
            "detail": "Some parameters could not be read.",
            "errors": {
                name: [
                    str(m)
                    for m in (messages if isinstance(messages, list) else [messages])
                ]
                for name, messages in found.items()
            },
        }
    return response

"""/api/docs/: the API's reference, read off its OpenAPI description.

A page of the site, drawn on the server like the others (no script, the
site's styles and navigation): each operation with its parameters and its
answers, and each kind of object with its fields. drf-spectacular makes the
description from the code, so the page cannot drift from what the API does.
"""

import functools
import json

from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator


@functools.cache
def description() -> dict:
    """The OpenAPI description, made once per process (it changes only with
    the code)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(schema, default=str))


def _type(schema: dict, components: dict) -> str:
    """A schema's type as the page writes it: "integer (1 to 100)",
    "array of Entity", "one of: person, org"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " and ".join(_type(part, components) for part in schema["allOf"])
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"] if v)
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}), components)}"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    bounds = [schema.get("minimum"), schema.get("maximum")]
    if all(b is not None for b in bounds):
        kind = f"{kind} ({bounds[0]} to {bounds[1]})"
    if schema.get("nullable"):
        kind = f"{kind} or null"
    return kind


def operations(schema: dict) -> list[dict]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {}), components),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": [
                        {
                            "code": code,
                            "description": answer.get("description", ""),
                            "type": _type(
                                answer.get("content", {})
                                .get("application/json", {})
                                .get("schema", {}),
                                components,
                            )
                            if answer.get("content")
                            else "",
                        }
                        for code, answer in sorted(operation["responses"].items())
                    ],
                }
            )
    return found


def objects(schema: dict) -> list[dict]:
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for name, definition in sorted(components.items()):
        required = set(definition.get("required", []))
        found.append(
            {
                "name": name,
                "description": definition.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _type(spec, components),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in definition.get("properties", {}).items()
                ],
                "values": [v for v in definition.get("enum", []) if v],
            }
        )
    return found


@require_safe
def reference(request):
    schema = description()
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "openapi": schema["openapi"],
            "operations": operations(schema),
            "objects": objects(schema),
        },
    )

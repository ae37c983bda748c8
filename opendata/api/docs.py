"""The API's docs page, written from its OpenAPI schema (the same dictionary
/api/v1/openapi.json serves): every operation with its parameters and answer, every
schema with its fields' types and meanings. Rendered on the server, so the page needs
no script (no Swagger UI, no CDN: the site's Content Security Policy allows neither)."""

import re
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SCHEMA_PREFIX = "#/components/schemas/"
_CODE = re.compile(r"`{1,2}([^`]+)`{1,2}")


def prose(text: str) -> list[SafeString]:
    """Paragraphs of a description, with `code` marked as code."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return [
        mark_safe(_CODE.sub(r"<code>\1</code>", str(conditional_escape(p))))  # noqa: S308
        for p in paragraphs
    ]


def anchor(name: str) -> str:
    return f"schema-{name}"


def type_of(schema: dict) -> SafeString:
    """A schema's type in words: "integer, 2000 to 2100", "list of Council", "Figure or
    null", with each named schema linked to its section."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(SCHEMA_PREFIX)
        return format_html('<a class="govuk-link" href="#{}">{}</a>', anchor(name), name)
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            parts = [p for p in schema[combined] if p.get("type") != "null"]
            nullable = len(parts) < len(schema[combined])
            text = format_html_join(" or ", "{}", ((type_of(p),) for p in parts))
            return format_html("{} or null", text) if nullable else text
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    if "enum" in schema:
        values = format_html_join(", ", "<code>{}</code>", ((v,) for v in schema["enum"]))
        return format_html("one of {}", values)
    kind = schema.get("type")
    if kind == "array":
        return format_html("list of {}", type_of(schema.get("items", {})))
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return format_html("object of {}", type_of(extra))
        return mark_safe("object")
    if not kind:
        return mark_safe("any")
    text = kind if "format" not in schema else f"{kind} ({schema['format']})"
    if "minimum" in schema and "maximum" in schema:
        text += f", {schema['minimum']} to {schema['maximum']}"
    elif "minimum" in schema:
        text += f", at least {schema['minimum']}"
    return format_html("{}", text)


@dataclass
class Parameter:
    name: str
    where: str
    type: SafeString
    required: bool
    default: str
    description: list[SafeString]


@dataclass
class Answer:
    status: str
    description: str
    type: SafeString


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: list[SafeString]
    parameters: list[Parameter]
    answers: list[Answer]

    @property
    def anchor(self) -> str:
        return "op-" + re.sub(r"[^a-z0-9]+", "-", self.path.lower()).strip("-")


@dataclass
class Property:
    name: str
    type: SafeString
    required: bool
    description: list[SafeString]


@dataclass
class Schema:
    name: str
    description: list[SafeString]
    properties: list[Property] = field(default_factory=list)
    values: SafeString | None = None  # an enumeration's values

    @property
    def anchor(self) -> str:
        return anchor(self.name)


@dataclass
class Docs:
    title: str
    version: str
    description: list[SafeString]
    operations: list[Operation]
    schemas: list[Schema]


def _operation(method: str, path: str, spec: dict) -> Operation:
    parameters = []
    for p in spec.get("parameters", []):
        schema = p.get("schema", {})
        default = schema.get("default")
        parameters.append(
            Parameter(
                name=p["name"],
                where=p["in"],
                type=type_of(schema),
                required=bool(p.get("required")),
                default="" if default is None else str(default),
                description=prose(p.get("description", "")),
            )
        )
    answers = []
    for status, answer in spec.get("responses", {}).items():
        content = answer.get("content", {}).get("application/json", {})
        answers.append(
            Answer(
                status=status,
                description=answer.get("description", ""),
                type=type_of(content["schema"]) if "schema" in content else mark_safe(""),
            )
        )
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=prose(spec.get("description", "")),
        parameters=parameters,
        answers=answers,
    )


def _schema(name: str, spec: dict) -> Schema:
    required = set(spec.get("required", []))
    found = Schema(name=name, description=prose(spec.get("description", "")))
    if "enum" in spec:
        found.values = format_html_join(", ", "<code>{}</code>", ((v,) for v in spec["enum"]))
    for prop, prop_spec in spec.get("properties", {}).items():
        found.properties.append(
            Property(
                name=prop,
                type=type_of(prop_spec),
                required=prop in required,
                description=prose(prop_spec.get("description", "")),
            )
        )
    return found


def describe(openapi: dict) -> Docs:
    """The docs page's content from an OpenAPI schema."""
    info = openapi.get("info", {})
    operations = [
        _operation(method, path, spec)
        for path, methods in openapi.get("paths", {}).items()
        for method, spec in methods.items()
    ]
    schemas = [
        _schema(name, spec)
        for name, spec in sorted(openapi.get("components", {}).get("schemas", {}).items())
    ]
    return Docs(
        title=info.get("title", ""),
        version=info.get("version", ""),
        description=prose(info.get("description", "")),
        operations=operations,
        schemas=schemas,
    )

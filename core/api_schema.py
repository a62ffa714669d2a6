"""The OpenAPI schema's shared parts: the error answers every operation documents."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent

# --- The documented error responses -------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "The refused parameters (or fields), each with its reasons.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"page": ["Give a whole number of 1 or more."]},
}
ERROR_RESPONSES = [
    ("400", "ValidationError", VALIDATION_ERROR_SCHEMA, "A parameter value is malformed."),
    ("401", "Error", ERROR_SCHEMA, "Not signed in (where signing in is needed)."),
    ("403", "Error", ERROR_SCHEMA, "The caller may not do this."),
    ("404", "Error", ERROR_SCHEMA, "No such record, or a page beyond the last."),
]


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema with the error answers every operation can give."""

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for code, name, schema, description in ERROR_RESPONSES:
            if code in responses:
                continue
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            self.registry.register_on_missing(component)
            responses[code] = {
                "content": {"application/json": {"schema": component.ref}},
                "description": description,
            }
        return responses

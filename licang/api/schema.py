"""OpenAPI additions shared by every endpoint: bearer auth, Idempotency-Key, problem details."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes
from rest_framework import serializers


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The request field, empty for the request as a whole.")
    code = serializers.CharField(help_text="A stable, untranslated error code.")
    detail = serializers.CharField(help_text="A message in the language of Accept-Language.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem details body (``application/problem+json``)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="A stable, untranslated error code.")
    errors = ProblemFieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]


PROBLEM = OpenApiResponse(ProblemSerializer, description="RFC 9457 problem details")


class AutoSchema(BaseAutoSchema):
    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        if self.method == "POST":
            params.append(
                OpenApiParameter(
                    "Idempotency-Key",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=(
                        "A key unique to this request. Retrying with the same key and body "
                        "returns the first answer and creates nothing new; the same key with a "
                        "different body is refused with 409."
                    ),
                )
            )
        return params

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "429"]
        if self.method in {"POST", "PUT", "PATCH", "DELETE"}:
            codes.append("409")
        for code in codes:
            if code not in bodies:
                bodies[code] = self._get_response_for_code(
                    PROBLEM, code, media_types=["application/problem+json"], direction=direction
                )
        return bodies


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "licang.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner or staff token: `Authorization: Bearer <token>`.",
        }

"""OpenAPI additions shared by every endpoint: bearer auth, Idempotency-Key, problem details.

The schema is generated in the caller's language (``Accept-Language`` or ``?lang=``):
``translate_texts`` runs each English title, summary and description through gettext. Strings
marked for translation in the code (``gettext_lazy`` help texts, verbose names) come from each
app's ``django.po`` as usual. A view's docstring or a plain ``extend_schema(description=...)`` is
not marked, so ``makemessages`` would drop its entry from ``django.po``: those are kept in the
app's own ``schema`` catalogue (``<app>/locale/zh_Hans/LC_MESSAGES/schema.po``), which
``makemessages`` leaves alone and ``compilemessages`` compiles with the rest.
"""

import gettext as gettext_module
import inspect
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import get_language, gettext, to_locale
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    OpenApiTypes,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny

# GB 11643-1999: 17 digits and a check character; the API also takes a lower-case x.
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9Xx]$"
# ``licang.masking.mask_id_number`` of an ID number: region and last four stay visible.
MASKED_ID_NUMBER_PATTERN = r"^[0-9]{6}\*{8}[0-9]{3}[0-9X]$"


@extend_schema_field(
    {
        "type": "string",
        "minLength": 18,
        "maxLength": 18,
        "pattern": MASKED_ID_NUMBER_PATTERN,
        "example": "370213********1234",
    }
)
class MaskedIdNumberField(serializers.CharField):
    """An ID number as the API shows it: 18 characters, the birth date and sequence masked."""


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
    def get_description(self) -> str:  # type: ignore[override]
        # Only the view's own docstring describes it: drf-spectacular would otherwise fall back
        # to the first docstring in the view's bases, and a mixin's note for its developers
        # (``IdempotentPostMixin``'s, for nine operations) became the partners' description.
        action = getattr(self.view, getattr(self.view, "action", self.method.lower()), None)
        own = type(self.view).__dict__.get("__doc__")
        action_doc = inspect.getdoc(action) if action is not None else None
        method_is_the_views = action is not None and action.__qualname__.startswith(
            f"{type(self.view).__name__}."
        )
        doc = (action_doc if method_is_the_views else None) or own or ""
        return "\n".join(line.rstrip() for line in inspect.cleandoc(doc).rstrip().split("\n"))

    def _get_filter_parameters(self) -> list[Any]:
        parameters = list(super()._get_filter_parameters())
        fields = getattr(self.view, "ordering_fields", None)
        for parameter in parameters:
            if parameter.get("name") == "ordering" and isinstance(fields, list | tuple):
                # OrderingFilter takes a comma-separated list and ignores unknown names
                parameter["schema"] = {
                    "type": "array",
                    "items": {"type": "string", "enum": [v for f in fields for v in (f, f"-{f}")]},
                }
                parameter["style"] = "form"
                parameter["explode"] = False
        return parameters

    def is_public(self) -> bool:
        """Anyone may call this operation: no token, no session."""
        permissions = self.view.get_permissions()
        return bool(permissions) and all(isinstance(p, AllowAny) for p in permissions)

    def get_auth(self) -> list[Any]:
        return [] if self.is_public() else super().get_auth()

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is not None and self.is_public():
            # an explicit empty list: "no authentication", so Swagger UI shows no lock
            operation["security"] = []
        return operation

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
        # a public operation is never forbidden; a token sent to it is still checked (401)
        codes = (
            ["400", "401", "404", "429"]
            if self.is_public()
            else ["400", "401", "403", "404", "429"]
        )
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


_TRANSLATED_KEYS = frozenset({"title", "summary", "description"})


SCHEMA_DOMAIN = "schema"


@cache
def schema_catalogue(language: str) -> gettext_module.NullTranslations:
    """Every installed app's ``schema`` catalogue for ``language``, chained in app order."""
    catalogue = gettext_module.NullTranslations()
    for config in apps.get_app_configs():
        found = gettext_module.translation(
            SCHEMA_DOMAIN, Path(config.path) / "locale", [to_locale(language)], fallback=True
        )
        if isinstance(found, gettext_module.GNUTranslations):
            catalogue.add_fallback(found)
    return catalogue


def _lookup(text: str) -> str:
    translated = gettext(text)
    if translated != text:
        return translated
    return schema_catalogue(get_language() or settings.LANGUAGE_CODE).gettext(text)


def translate_text(text: str) -> str:
    """``text`` in the active language; failing a translation of the whole, paragraph by
    paragraph (drf-spectacular appends the choices' list to a field's help text)."""
    translated = _lookup(text)
    if translated != text or "\n\n" not in text:
        return translated
    return "\n\n".join(_lookup(part) if part else part for part in text.split("\n\n"))


def _translate(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                translate_text(value)
                if key in _TRANSLATED_KEYS and isinstance(value, str) and value
                else _translate(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_translate(item) for item in node]
    return node


def translate_texts(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """Postprocessing hook: every English title, summary and description in the active language.

    Strings that are lazy translations already (model verbose names, ``gettext_lazy`` help
    texts) have been rendered in the active language; the plain strings of docstrings and
    ``extend_schema`` arguments are looked up here. Keys named ``title`` inside ``properties``
    are property schemas, not strings, and are walked into, not translated.
    """
    return _translate(result)

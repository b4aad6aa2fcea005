"""Errors that actions raise, translated by each interface into its own answer.

Invalid input is Django's ``ValidationError`` (400 in the API, a form error on pages). A request
that is valid but conflicts with the current state of a record is ``ConflictError`` (409 in the
API, an error message in the admin).
"""

from typing import Any

from django.utils.functional import Promise


class ConflictError(Exception):
    """The request conflicts with the current state: an illegal transition, a second rating…"""

    def __init__(
        self, message: str | Promise, *, code: str = "conflict", extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        # members the API adds to the problem body (where to go next, what would be allowed)
        self.extra = extra or {}

    def __str__(self) -> str:
        return str(self.message)

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination, PageNumberPagination


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = _(  # type: ignore[assignment]  # DRF's is lazy too
        "Number of results to return per page; a larger value than the maximum is served as the "
        "maximum."
    )

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The page and page size as the paginator reads them: page sizes above the maximum are
        cut to it, so the schema declares the limit instead of leaving it to be discovered."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters


class KeysetPagination(CursorPagination):
    """Keyset (cursor) pages for the large lists: each page continues from the last row seen on
    an index matching the order, with no COUNT(*) and no OFFSET scan, however deep the page.
    ``next`` and ``previous`` carry the opaque cursor; there is no total."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")
    page_size_query_description = Pagination.page_size_query_description  # type: ignore[assignment]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters

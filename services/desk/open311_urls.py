"""Open311 GeoReport v2, mounted at /open311/v2/: each resource in .json and .xml."""

from django.urls import re_path

from services.desk import open311

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(rf"^discovery{FORMAT}", open311.discovery, name="discovery"),
    re_path(rf"^services{FORMAT}", open311.service_list, name="service-list"),
    re_path(
        rf"^services/(?P<service_code>[A-Za-z0-9-]+){FORMAT}",
        open311.service_definition,
        name="service-definition",
    ),
    re_path(rf"^requests{FORMAT}", open311.service_requests, name="requests"),
    re_path(
        rf"^requests/(?P<service_request_id>[A-Za-z0-9-]+){FORMAT}",
        open311.service_request,
        name="request",
    ),
]

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from licang import api_docs, views

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path(
        "statistics/<slug:section>/<slug:chart>.csv",
        views.statistics_chart_csv,
        name="statistics-chart-csv",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs.ApiDocs.as_view(url_name="api-schema"), name="api-docs"),
    path("api/docs/open311/", api_docs.open311, name="api-docs-open311"),
    path("api/docs/test-residents/", api_docs.test_residents, name="api-docs-test-residents"),
    path("api/problems/", views.problem_types, name="problem-types"),
    path("api/problems/<slug:code>", views.problem_type, name="problem-type"),
    path("api/v1/", include("licang.registry.api_urls")),
    path("api/v1/", include("services.centers.api_urls")),
    path("api/v1/", include("services.desk.api_urls")),
    path("api/v1/health/", include("health.api_urls")),
    path("api/v1/eldercare/", include("eldercare.api_urls")),
    path("api/v1/housing/", include("housing.api_urls")),
    path("api/v1/linkage/", include("services.linkage.api_urls")),
    # after every route under /api/: what none of them takes (a malformed id too) is a problem
    re_path(r"^api/(?P<rest>.*)$", views.api_not_found, name="api-not-found"),
    path("health/", include("health.urls")),
    path("meals/", include("eldercare.urls")),
    path("housing/", include("housing.urls")),
    path("linkage/", include("services.linkage.urls")),
    path("open311/v2/", include("services.desk.open311_urls")),
    path("", include("services.centers.urls")),
    path("", include("services.desk.urls")),
]

# Django's error pages, as problem details under /api/
handler400 = "licang.views.bad_request"
handler403 = "licang.views.permission_denied"
handler404 = "licang.views.page_not_found"
handler500 = "licang.views.server_error"

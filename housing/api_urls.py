from django.urls import path

from housing import api

app_name = "housing-api"

urlpatterns = [
    path("cases/", api.CaseList.as_view(), name="case-list"),
    path("cases/<str:case_number>/", api.CaseDetail.as_view(), name="case-detail"),
    path(
        "cases/<str:case_number>/transition/",
        api.CaseTransition.as_view(),
        name="case-transition",
    ),
    path(
        "cases/<str:case_number>/documents/",
        api.CaseDocumentUpload.as_view(),
        name="case-documents",
    ),
    path("documents/<uuid:id>/file/", api.DocumentFile.as_view(), name="document-file"),
]

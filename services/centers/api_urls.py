from django.urls import path

from services.centers import api

app_name = "centers-api"

urlpatterns = [
    path("centers/", api.CenterList.as_view(), name="center-list"),
    path("centers/<slug:slug>/", api.CenterDetail.as_view(), name="center-detail"),
]

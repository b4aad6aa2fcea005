from django.urls import path

from services.centers import views

app_name = "centers"

urlpatterns = [
    path("centers/", views.center_list, name="center-list"),
    path("centers/nearest/", views.nearest, name="nearest"),
    path("centers/<slug:slug>/", views.center_detail, name="center-detail"),
]

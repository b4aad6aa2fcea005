from django.urls import path

from housing import views

app_name = "housing"

urlpatterns = [
    path("", views.index, name="index"),
    path("lookup/", views.lookup, name="case-lookup"),
    path("estates/<slug:code>/", views.estate_timeline, name="estate"),
]

from django.urls import path

from services.desk import views

app_name = "desk"

urlpatterns = [
    path("services/", views.catalogue, name="catalogue"),
    path("services/<str:code>/", views.item_detail, name="item-detail"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/new/done/", views.request_done, name="request-done"),
    path("requests/status/", views.status_lookup, name="status-lookup"),
    path("requests/status/<str:reference>/", views.status_detail, name="request-status"),
    path("requests/status/<str:reference>/rate/", views.status_rate, name="request-rate"),
    path("requests/status/<str:reference>/reopen/", views.status_reopen, name="request-reopen"),
    path("requests/status/<str:reference>/cancel/", views.status_cancel, name="request-cancel"),
]

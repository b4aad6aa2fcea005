from django.urls import path

from services.desk import api

app_name = "desk-api"

urlpatterns = [
    path("service-items/", api.ServiceItemList.as_view(), name="service-item-list"),
    path("service-items/<str:code>/", api.ServiceItemDetail.as_view(), name="service-item-detail"),
    path("service-requests/", api.ServiceRequestList.as_view(), name="service-request-list"),
    path(
        "service-requests/<str:reference>/",
        api.ServiceRequestDetail.as_view(),
        name="service-request-detail",
    ),
    path(
        "service-requests/<str:reference>/transition/",
        api.ServiceRequestTransition.as_view(),
        name="service-request-transition",
    ),
    path(
        "service-requests/<str:reference>/cancel/",
        api.ServiceRequestCancel.as_view(),
        name="service-request-cancel",
    ),
    path(
        "service-requests/<str:reference>/rating/",
        api.ServiceRequestRating.as_view(),
        name="service-request-rating",
    ),
    path("service-statistics/", api.ServiceStatistics.as_view(), name="service-statistics"),
]

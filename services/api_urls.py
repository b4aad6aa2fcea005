from django.urls import path

from services import api

app_name = "services-api"

urlpatterns = [
    path("residents/", api.ResidentList.as_view(), name="resident-list"),
    path("residents/<uuid:id>/", api.ResidentDetail.as_view(), name="resident-detail"),
    path("subdistricts/", api.SubdistrictList.as_view(), name="subdistrict-list"),
    path("communities/", api.CommunityList.as_view(), name="community-list"),
    path("centers/", api.CenterList.as_view(), name="center-list"),
    path("centers/<slug:slug>/", api.CenterDetail.as_view(), name="center-detail"),
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

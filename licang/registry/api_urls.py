from django.urls import path

from licang.registry import api

app_name = "registry-api"

urlpatterns = [
    path("residents/", api.ResidentList.as_view(), name="resident-list"),
    path("residents/<uuid:id>/", api.ResidentDetail.as_view(), name="resident-detail"),
    path("subdistricts/", api.SubdistrictList.as_view(), name="subdistrict-list"),
    path("communities/", api.CommunityList.as_view(), name="community-list"),
]

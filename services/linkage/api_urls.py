from django.urls import path

from services.linkage import api

app_name = "linkage-api"

urlpatterns = [
    path("needs/", api.NeedList.as_view(), name="need-list"),
    path("needs/<uuid:id>/", api.NeedDetail.as_view(), name="need-detail"),
    path("needs/<uuid:id>/progress/", api.NeedProgress.as_view(), name="need-progress"),
    path("wishes/", api.WishList.as_view(), name="wish-list"),
    path("wishes/<uuid:id>/fulfilment/", api.WishFulfilment.as_view(), name="wish-fulfilment"),
    path("volunteers/", api.VolunteerList.as_view(), name="volunteer-list"),
    path("hours/", api.HoursList.as_view(), name="hours-list"),
    path("figures/", api.Figures.as_view(), name="figures"),
]

from django.urls import path

from health import api

app_name = "health-api"

urlpatterns = [
    path("insurance-claims/", api.ClaimList.as_view(), name="claim-list"),
    path("insurance-claims/<uuid:id>/", api.ClaimDetail.as_view(), name="claim-detail"),
    path("insurance-claims/<uuid:id>/payment/", api.ClaimPayment.as_view(), name="claim-payment"),
    path("balance/", api.Balance.as_view(), name="balance"),
    path("checkups/", api.CheckupList.as_view(), name="checkup-list"),
    path("checkups/<uuid:id>/", api.CheckupDetail.as_view(), name="checkup-detail"),
    path(
        "checkups/<uuid:id>/completion/",
        api.CheckupCompletion.as_view(),
        name="checkup-completion",
    ),
    path(
        "checkups/<uuid:id>/cancellation/",
        api.CheckupCancellation.as_view(),
        name="checkup-cancellation",
    ),
    path("cataract-cases/", api.CataractCaseList.as_view(), name="cataract-list"),
    path("cataract-cases/<uuid:id>/", api.CataractCaseDetail.as_view(), name="cataract-detail"),
    path("eligibility/", api.Eligibility.as_view(), name="eligibility"),
    path("figures/", api.Figures.as_view(), name="figures"),
]

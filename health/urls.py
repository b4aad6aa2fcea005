from django.contrib import admin
from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("", views.index, name="index"),
    path("eligibility/", views.eligibility_check, name="eligibility"),
    # staff pages beside the admin: admin_view requires a logged-in staff member
    path("staff/", admin.site.admin_view(views.staff_index), name="staff-index"),
    path(
        "staff/eligibility/<uuid:public_id>/",
        admin.site.admin_view(views.staff_eligibility),
        name="staff-eligibility",
    ),
    path("staff/outreach/", admin.site.admin_view(views.staff_outreach), name="staff-outreach"),
    path("staff/figures/", admin.site.admin_view(views.staff_figures), name="staff-figures"),
]

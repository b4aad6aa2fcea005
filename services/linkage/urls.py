from django.contrib import admin
from django.urls import path

from services.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.wish_wall, name="wish-wall"),
    path("wishes/<uuid:public_id>/pledge/", views.wish_pledge, name="wish-pledge"),
    path("pledge/thanks/", views.pledge_done, name="pledge-done"),
    path("volunteer/", views.volunteer_sign_up, name="volunteer-sign-up"),
    path("organisations/", views.organisations, name="organisations"),
    path("projects/", views.projects, name="projects"),
    path("projects/<uuid:public_id>/", views.project_detail, name="project-detail"),
    # staff pages beside the admin: admin_view requires a logged-in staff member
    path(
        "staff/children/<uuid:public_id>/card/",
        admin.site.admin_view(views.warm_heart_card),
        name="warm-heart-card",
    ),
    path(
        "staff/volunteers/<uuid:public_id>/certificate/",
        admin.site.admin_view(views.volunteer_certificate),
        name="volunteer-certificate",
    ),
]

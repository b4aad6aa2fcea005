from django.urls import path

from eldercare import views

app_name = "eldercare"

urlpatterns = [
    path("", views.points, name="points"),
    path("points/<slug:code>/", views.point_detail, name="point-detail"),
    path("care-centers/", views.care_centers, name="care-centers"),
    path("activities/<int:activity_id>/sign-up/", views.activity_signup, name="activity-signup"),
]

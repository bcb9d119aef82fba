from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("members/me/", views.me, name="me"),
    path("members/<int:user_id>/", views.profile, name="profile"),
    path("members/<int:user_id>/role/", views.change_role, name="change_role"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("vetting/", views.vetting_queue, name="vetting_queue"),
    path("vetting/<int:membership_id>/", views.vetting_decide, name="vetting_decide"),
]

from django.urls import path

from . import tokens, views
from .notifications import views as notification_views

app_name = "members"

urlpatterns = [
    path("members/me/", views.me, name="me"),
    path("members/me/directory/", views.directory_choice, name="directory_choice"),
    path("members/<int:user_id>/", views.profile, name="profile"),
    path("members/<int:user_id>/role/", views.change_role, name="change_role"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("vetting/", views.vetting_queue, name="vetting_queue"),
    path("tokens/", tokens.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("vetting/<int:membership_id>/", views.vetting_decide, name="vetting_decide"),
    path("notifications/", notification_views.inbox, name="notifications"),
    path("notifications/read/", notification_views.read_all, name="notifications_read"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path("notifications/watch/", notification_views.watch, name="watch"),
    path("notifications/watches/<int:pk>/stop/", notification_views.watch_stop, name="watch_stop"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notification_views.unsubscribe,
        name="unsubscribe",
    ),
    path("notifications/<int:pk>/", notification_views.open_notification, name="notification_open"),
]

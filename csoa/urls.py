"""The platform's URLs."""

from allauth.account import views as account_views
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from chatter import api as chatter_api
from groups import api as group_api
from incidents import api as incident_api
from members import public_views
from members.api import MeView
from members.notifications import api as notification_api
from reports import api as trend_api
from reports.publications import api as publication_api

from . import views

# Swagger UI sets inline styles from its script; only this page allows them.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)

api_v1 = [
    path("me/", MeView.as_view(), name="api-me"),
    path("notifications/", notification_api.NotificationList.as_view(), name="api-notifications"),
    path(
        "notifications/read/",
        notification_api.NotificationsRead.as_view(),
        name="api-notifications-read",
    ),
    path(
        "notifications/preferences/",
        notification_api.Preferences.as_view(),
        name="api-notification-preferences",
    ),
    path("watches/", notification_api.WatchList.as_view(), name="api-watches"),
    path("watches/<int:pk>/", notification_api.WatchDetail.as_view(), name="api-watch"),
    path("chatter/threads/", chatter_api.ThreadList.as_view(), name="api-chatter-threads"),
    path(
        "chatter/threads/<int:pk>/", chatter_api.ThreadDetail.as_view(), name="api-chatter-thread"
    ),
    path(
        "chatter/threads/<int:pk>/posts/",
        chatter_api.PostList.as_view(),
        name="api-chatter-posts",
    ),
    path(
        "chatter/threads/<int:pk>/read/",
        chatter_api.ThreadRead.as_view(),
        name="api-chatter-thread-read",
    ),
    path(
        "chatter/threads/<int:pk>/poll/",
        chatter_api.ThreadPoll.as_view(),
        name="api-chatter-poll",
    ),
    path(
        "chatter/threads/<int:pk>/poll/vote/",
        chatter_api.ThreadPollVote.as_view(),
        name="api-chatter-poll-vote",
    ),
    path("chatter/posts/<int:pk>/", chatter_api.PostDetail.as_view(), name="api-chatter-post"),
    path("chatter/posts/<int:pk>/flag/", chatter_api.PostFlag.as_view(), name="api-chatter-flag"),
    path("groups/", group_api.GroupList.as_view(), name="api-groups"),
    path("groups/<slug:slug>/", group_api.GroupDetail.as_view(), name="api-group"),
    path("groups/<slug:slug>/join/", group_api.GroupJoin.as_view(), name="api-group-join"),
    path("groups/<slug:slug>/leave/", group_api.GroupLeave.as_view(), name="api-group-leave"),
    path("groups/<slug:slug>/members/", group_api.GroupMembers.as_view(), name="api-group-members"),
    path(
        "groups/<slug:slug>/members/<str:handle>/remove/",
        group_api.GroupMemberRemove.as_view(),
        name="api-group-member-remove",
    ),
    path(
        "groups/<slug:slug>/requests/", group_api.GroupRequests.as_view(), name="api-group-requests"
    ),
    path(
        "groups/<slug:slug>/requests/<int:pk>/",
        group_api.GroupRequestDecide.as_view(),
        name="api-group-request",
    ),
    path("groups/<slug:slug>/files/", group_api.GroupFiles.as_view(), name="api-group-files"),
    path(
        "groups/<slug:slug>/files/<int:pk>/",
        group_api.GroupFileContent.as_view(),
        name="api-group-file",
    ),
    path("publications/", publication_api.PublicationList.as_view(), name="api-publications"),
    path(
        "publications/<int:pk>/",
        publication_api.PublicationDetail.as_view(),
        name="api-publication",
    ),
    path(
        "publications/<int:pk>/log/",
        publication_api.PublicationLog.as_view(),
        name="api-publication-log",
    ),
    path(
        "publications/<int:pk>/files/",
        publication_api.PublicationFiles.as_view(),
        name="api-publication-files",
    ),
    path(
        "publications/<int:pk>/withdraw/",
        publication_api.PublicationWithdraw.as_view(),
        name="api-publication-withdraw",
    ),
    path("incidents/", incident_api.IncidentList.as_view(), name="api-incidents"),
    path("incidents/map/", incident_api.IncidentMap.as_view(), name="api-incidents-map"),
    path("places/", incident_api.Places.as_view(), name="api-places"),
    path("incidents/count/", incident_api.IncidentCount.as_view(), name="api-incidents-count"),
    path("incidents/feed.atom", incident_api.IncidentAtomFeed.as_view(), name="api-incidents-atom"),
    path(
        "incidents/feed.geojson",
        incident_api.IncidentGeoJsonFeed.as_view(),
        name="api-incidents-geojson",
    ),
    path("trends/", trend_api.Trends.as_view(), name="api-trends"),
    path("incidents/<str:reference>/", incident_api.IncidentDetail.as_view(), name="api-incident"),
    path(
        "incidents/<str:reference>/updates/",
        incident_api.UpdateList.as_view(),
        name="api-incident-updates",
    ),
    path(
        "incidents/<str:reference>/attachments/",
        incident_api.AttachmentList.as_view(),
        name="api-incident-attachments",
    ),
    path(
        "incidents/<str:reference>/attachments/<int:attachment_pk>/file/",
        incident_api.AttachmentFile.as_view(),
        name="api-incident-attachment-file",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("why-join/", public_views.why_join, name="why_join"),
    path("about/", public_views.about, name="about"),
    path("contact/", public_views.contact, name="contact"),
    path("join/", account_views.signup, name="join"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("incidents.urls")),
    path("", include("feeds.urls")),
    path("", include("reports.urls")),
    path("", include("chatter.urls")),
    path("", include("groups.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/v1/", include(api_v1)),
]


handler400 = "kit.web.bad_request"
handler403 = "kit.web.permission_denied"
handler404 = "kit.web.not_found"
handler500 = "kit.web.server_error"


def development_urls() -> list:
    """Pages that exist only under ``make run`` (development, DEBUG on): never mounted in
    tests or production."""
    if settings.DJANGO_ENV != "development" or not settings.DEBUG:
        return []
    return [path("dev/outbox/", views.outbox, name="dev_outbox")]


urlpatterns += development_urls()

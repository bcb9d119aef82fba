from django.urls import path

from . import views
from .publications import feeds
from .publications import views as publication_views

app_name = "reports"

urlpatterns = [
    path("trends/", views.trend_page, name="trend"),
    path("trends/report/", views.report, name="report"),
    path("ports/<str:code>/", views.port_page, name="port"),
    path("regions/", views.regions_page, name="regions"),
    path("statistics/daily/", views.daily, name="daily"),
    path("regions/report/", views.summary_report, name="summary_report"),
    path("regions/<str:region>/", views.region_page, name="region"),
    path("publications/", publication_views.index, name="publications"),
    path("publications/calendar.ics", publication_views.calendar_ics, name="calendar"),
    path("publications/new/", publication_views.new, name="publication_new"),
    path("publications/feeds/me/", publication_views.feed_renew, name="feed_renew"),
    path("publications/feeds/me/<str:token>/", feeds.PersonalFeed(), name="personal_feed"),
    path("publications/feeds/<str:kind>/", feeds.KindFeed(), name="publication_feed"),
    path("publications/<int:pk>/", publication_views.detail, name="publication"),
    path("publications/<int:pk>/event.ics", publication_views.event_ics, name="event_ics"),
    path("publications/<int:pk>/edit/", publication_views.edit, name="publication_edit"),
    path("publications/<int:pk>/pdf/", publication_views.pdf, name="publication_pdf"),
    path("publications/<int:pk>/publish/", publication_views.publish, name="publish"),
    path("publications/<int:pk>/update/", publication_views.add_update, name="add_update"),
    path("publications/<int:pk>/files/", publication_views.file_add, name="file_add"),
    path(
        "publications/<int:pk>/files/<int:file_pk>/",
        publication_views.file,
        name="publication_file",
    ),
    path(
        "publications/<int:pk>/files/<int:file_pk>/preview/",
        publication_views.file,
        {"variant": "preview"},
        name="publication_file_preview",
    ),
    path(
        "publications/<int:pk>/files/<int:file_pk>/remove/",
        publication_views.file_remove,
        name="file_remove",
    ),
    path(
        "publications/<int:pk>/incidents/",
        publication_views.link_incidents,
        name="link_incidents",
    ),
    path("publications/<int:pk>/withdraw/", publication_views.withdraw, name="withdraw"),
]

from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("feeds/queue/", views.queue, name="queue"),
    path("feeds/health/", views.health, name="health"),
    path("feeds/reread/", views.reread, name="reread"),
    path("feeds/items/<int:pk>/", views.item_detail, name="item"),
    path("feeds/items/<int:pk>/accept/", views.item_accept, name="item_accept"),
    path("feeds/items/<int:pk>/attach/", views.item_attach, name="item_attach"),
    path("feeds/items/<int:pk>/reject/", views.item_reject, name="item_reject"),
    path("feeds/sources/add/", views.source_add, name="source_add"),
    path("feeds/sources/<slug:slug>/", views.source_edit, name="source_edit"),
    path("feeds/sources/<slug:slug>/poll/", views.source_poll, name="source_poll"),
    path("feeds/sources/<slug:slug>/upload/", views.upload, name="upload"),
    path("advisories/", views.advisories, name="advisories"),
]

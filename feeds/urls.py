from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("feeds/queue/", views.queue, name="queue"),
    path("feeds/health/", views.health, name="health"),
    path("feeds/items/<int:pk>/", views.item_detail, name="item"),
    path("feeds/items/<int:pk>/accept/", views.item_accept, name="item_accept"),
    path("feeds/items/<int:pk>/attach/", views.item_attach, name="item_attach"),
    path("feeds/items/<int:pk>/reject/", views.item_reject, name="item_reject"),
    path("feeds/sources/<slug:slug>/upload/", views.upload, name="upload"),
]

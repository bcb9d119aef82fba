from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/report/", views.report, name="report"),
    path("incidents/map/", views.incident_map, name="map"),
    path("incidents/queue/", views.queue, name="queue"),
    path(
        "incidents/attachments/<int:pk>/<str:variant>/",
        views.attachment_file,
        name="attachment",
    ),
    path("incidents/<str:reference>/", views.detail, name="detail"),
    path("incidents/<str:reference>/change/", views.change_facts, name="change"),
    path("incidents/<str:reference>/verify/", views.verify, name="verify"),
    path("incidents/<str:reference>/updates/", views.add_update, name="add_update"),
]

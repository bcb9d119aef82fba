from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/report/", views.report, name="report"),
    path("incidents/map/", views.incident_map, name="map"),
    path("tiles/land/<int:z>/<int:x>/<int:y>.png", views.basemap, name="basemap"),
    path("incidents/queue/", views.queue, name="queue"),
    path("incidents/export/", views.export, name="export"),
    path("incidents/exports/", views.export_list, name="exports"),
    path("incidents/exports/<uuid:pk>/", views.export_detail, name="export_detail"),
    path("incidents/exports/<uuid:pk>/status/", views.export_status, name="export_status"),
    path("incidents/exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("incidents/exports/<uuid:pk>/retry/", views.export_retry, name="export_retry"),
    path("incidents/searches/", views.saved_searches, name="searches"),
    path("incidents/searches/<int:pk>/delete/", views.saved_search_delete, name="search_delete"),
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

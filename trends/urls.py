from django.urls import path

from . import views

app_name = "trends"

urlpatterns = [
    path("trends/", views.trend_page, name="trend"),
    path("trends/report/", views.report, name="report"),
    path("ports/<str:code>/", views.port_page, name="port"),
]

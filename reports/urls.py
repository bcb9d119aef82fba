from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("trends/", views.trend_page, name="trend"),
    path("trends/report/", views.report, name="report"),
    path("ports/<str:code>/", views.port_page, name="port"),
    path("regions/", views.regions_page, name="regions"),
    path("statistics/daily/", views.daily, name="daily"),
    path("regions/report/", views.summary_report, name="summary_report"),
    path("regions/<str:region>/", views.region_page, name="region"),
]

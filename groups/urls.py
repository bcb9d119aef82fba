from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("directory/", views.members_directory, name="directory"),
    path("directory/<str:handle>/", views.person, name="person"),
    path("groups/", views.index, name="index"),
    path("groups/new/", views.create, name="create"),
    path("groups/pin/", views.pin, name="pin"),
    path("groups/<slug:slug>/", views.group, name="group"),
    path("groups/<slug:slug>/people/", views.people, name="people"),
    path("groups/<slug:slug>/settings/", views.settings, name="settings"),
    path("groups/<slug:slug>/join/", views.join, name="join"),
    path("groups/<slug:slug>/leave/", views.leave, name="leave"),
    path("groups/<slug:slug>/withdraw/", views.withdraw, name="withdraw"),
    path("groups/<slug:slug>/answer/", views.answer, name="answer"),
    path("groups/<slug:slug>/invite/", views.invite, name="invite"),
    path("groups/<slug:slug>/archive/", views.archive, name="archive"),
    path("groups/<slug:slug>/pins/<int:pk>/remove/", views.unpin, name="unpin"),
    path("groups/<slug:slug>/files/", views.files, name="files"),
    path("groups/<slug:slug>/files/new/", views.file_add, name="file_add"),
    path("groups/<slug:slug>/files/<int:pk>/", views.file, name="file"),
    path("groups/<slug:slug>/files/<int:pk>/remove/", views.file_remove, name="file_remove"),
    path("groups/<slug:slug>/requests/<int:pk>/", views.decide, name="decide"),
    path("groups/<slug:slug>/people/<int:pk>/remove/", views.remove, name="remove"),
    path("groups/<slug:slug>/people/<int:pk>/role/", views.role, name="role"),
    path("groups/<slug:slug>/people/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("groups/<slug:slug>/organisations/add/", views.add_organisation, name="add_organisation"),
    path(
        "groups/<slug:slug>/organisations/remove/",
        views.remove_organisation,
        name="remove_organisation",
    ),
]

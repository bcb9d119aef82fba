from django.urls import path

from . import views

app_name = "chatter"

urlpatterns = [
    path("chatter/", views.thread_list, name="latest"),
    path("chatter/unread/", views.thread_list, {"which": "unread"}, name="unread"),
    path("chatter/new/", views.thread_list, {"which": "new"}, name="new"),
    path("chatter/start/", views.start, name="start"),
    path("chatter/t/<int:pk>/", views.thread, name="thread"),
    path("chatter/t/<int:pk>/reply/", views.reply, name="reply"),
    path("chatter/t/<int:pk>/answer/", views.answer, name="answer"),
    path("chatter/p/<int:pk>/edit/", views.edit, name="edit"),
    path("chatter/p/<int:pk>/delete/", views.delete, name="delete"),
    path("chatter/p/<int:pk>/restore/", views.restore, name="restore"),
    path("chatter/p/<int:pk>/history/", views.history, name="history"),
]

from django.urls import path

from . import views

app_name = "chatter"

urlpatterns = [
    path("chatter/", views.thread_list, name="latest"),
    path("messages/", views.conversations, name="messages"),
    path("messages/unread/", views.conversations, {"which": "unread"}, name="messages_unread"),
    path("chatter/unread/", views.thread_list, {"which": "unread"}, name="unread"),
    path("chatter/new/", views.thread_list, {"which": "new"}, name="new"),
    path("chatter/watching/", views.watching, name="watching"),
    path("chatter/search/", views.search, name="search"),
    path("chatter/start/", views.start, name="start"),
    path(
        "chatter/discuss/publication/<int:pk>/",
        views.discuss_publication,
        name="discuss_publication",
    ),
    path("chatter/discuss/<str:reference>/", views.discuss, name="discuss"),
    path("chatter/flags/", views.flags, name="flags"),
    path("chatter/briefings/<slug:slug>/", views.briefing, name="briefing"),
    path("chatter/mentions/", views.mention_suggestions, name="mentions"),
    path("chatter/t/<int:pk>/", views.thread, name="thread"),
    path("chatter/t/<int:pk>/reply/", views.reply, name="reply"),
    path("chatter/t/<int:pk>/answer/", views.answer, name="answer"),
    path("chatter/t/<int:pk>/live/", views.live, name="live"),
    path("chatter/t/<int:pk>/poll/", views.poll_add, name="poll_add"),
    path("chatter/t/<int:pk>/poll/vote/", views.poll_vote, name="poll_vote"),
    path("chatter/p/<int:pk>/edit/", views.edit, name="edit"),
    path("chatter/p/<int:pk>/delete/", views.delete, name="delete"),
    path("chatter/p/<int:pk>/restore/", views.restore, name="restore"),
    path("chatter/p/<int:pk>/history/", views.history, name="history"),
    path("chatter/p/<int:pk>/flag/", views.flag, name="flag"),
    path("chatter/p/<int:pk>/review/", views.review, name="review"),
    path("chatter/p/<int:pk>/hide/", views.hide, name="hide"),
    path("chatter/p/<int:pk>/open/", views.open_private, name="open_private"),
]

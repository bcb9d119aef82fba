from django.db import models

from members.access import SharedContent


class Note(SharedContent):
    """The smallest piece of shared content: a marked note."""

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title

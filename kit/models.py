"""Background work that could not be handed to the broker, kept until it can."""

from django.db import models
from django.utils import timezone


class PendingTask(models.Model):
    """A Celery task whose message the broker did not take (Redis unreachable): the sweep
    sends it again every minute until the broker takes it, then deletes the row."""

    task = models.CharField(max_length=200, help_text="The task's registered name.")
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

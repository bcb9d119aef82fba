"""What the project's admin pages share."""


class ReadOnlyAdmin:
    """A record kept as written: the admin shows it and changes nothing (audit events, feed
    runs and records)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

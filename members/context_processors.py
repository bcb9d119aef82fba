"""Template context: the viewer, so templates can show what a role may do."""


def viewer(request):
    return {"viewer": getattr(request, "viewer", None)}

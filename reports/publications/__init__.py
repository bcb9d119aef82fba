"""The editors' publications: First Response Reports, intelligence bulletins, news, and
workshops and events (the model is ``reports.models.Publication``)."""

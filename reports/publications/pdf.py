"""The PDF of a First Response Report or a bulletin, for forwarding to masters: what the
page says, with the TLP marking on every page."""

from __future__ import annotations

import base64
import re

from django.template.loader import render_to_string
from django.utils import timezone

from kit.markdown import to_html
from members.access import TLP

from ..models import (
    Publication,
    PublicationFile,
    PublicationKind,
    PublicationSource,
    PublicationUpdate,
)
from ..report import TLP_COLOURS, _weasyprint

PRINTED = (PublicationKind.FIRST_RESPONSE, PublicationKind.BULLETIN)


def publication_pdf(
    publication: Publication,
    updates: list[PublicationUpdate],
    sources: list[PublicationSource],
    *,
    replaced_by: Publication | None = None,
    files: list[PublicationFile] = (),
) -> bytes:
    for update in updates:
        update.html = to_html(update.text)
    photos = []
    for shown in files:  # the page's copies, inline: nothing is fetched while printing
        if shown.kind == PublicationFile.Kind.PHOTO and shown.preview:
            with shown.preview.open("rb") as stored:
                data = base64.b64encode(stored.read()).decode()
            photos.append({"uri": f"data:image/jpeg;base64,{data}", "caption": shown.caption})
    html = render_to_string(
        "reports/publication_pdf.html",
        {
            "publication": publication,
            "body_html": to_html(publication.body),
            "updates": updates,
            "sources": sources,
            "photos": photos,
            "replaced_by": replaced_by,
            "expired": publication.expired(),
            # CSS strings of the page's margins hold plain words alone.
            "title_css": re.sub(r"[^\w\s,.()+:/-]", "", publication.title)[:90],
            "tlp_label": dict(TLP.choices)[publication.tlp],
            "tlp_colour": TLP_COLOURS[publication.tlp],
            "made": timezone.now(),
        },
    )
    return _weasyprint().HTML(string=html).write_pdf()

"""Forms of the feed desk: bulk review, rejecting with a reason, uploads."""

from django import forms
from django.conf import settings

from incidents.geography import Region

from .models import FeedItem, FeedSource


class QueueFilterForm(forms.Form):
    source = forms.ModelChoiceField(
        FeedSource.objects.order_by("name"), required=False, to_field_name="slug",
        empty_label="All sources",
    )  # fmt: skip
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    state = forms.ChoiceField(choices=FeedItem.State.choices, required=False, initial="pending")


class BulkReviewForm(forms.Form):
    ACTIONS = [("accept", "Accept as new incidents"), ("attach", "Attach each to its match"),
               ("reject", "Reject")]  # fmt: skip
    items = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        required=False, max_length=2000, help_text="Needed to reject.",
        widget=forms.TextInput(attrs={"size": 50}),
    )  # fmt: skip

    def __init__(self, *args, item_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, pk) for pk in item_ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the records are rejected.")
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(forms.Form):
    reference = forms.CharField(
        max_length=20, label="Incident reference", help_text="e.g. CSOA-2022-0148"
    )


class UploadForm(forms.Form):
    file = forms.FileField(help_text="A file in the source's format.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.FEEDS_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.FEEDS_MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload

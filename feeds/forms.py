"""Forms of the feed desk: bulk review, rejecting with a reason, uploads."""

from django import forms
from django.conf import settings
from django.utils.text import slugify

from kit.geography import Region
from members.access import TLP

from .models import FeedItem, FeedSource


class QueueFilterForm(forms.Form):
    source = forms.ModelChoiceField(
        FeedSource.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="All sources",
    )
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    state = forms.ChoiceField(choices=FeedItem.State.choices, required=False, initial="pending")


class AdvisoryFilterForm(forms.Form):
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)


class BulkReviewForm(forms.Form):
    ACTIONS = [
        ("accept", "Accept as new incidents"),
        ("attach", "Attach each to its match"),
        ("reject", "Reject"),
    ]
    items = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Needed to reject.",
        widget=forms.TextInput(attrs={"size": 50}),
    )

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


RESERVED_SLUGS = {"add", "members"}  # a page's URL; the incident filter's member reports


class SourceForm(forms.ModelForm):
    """A source's settings, for staff. Its name in URLs comes from its name when it is added;
    that and its format then stay, since its records and the incidents' filter refer to them."""

    url = forms.URLField(
        label="URL",
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=FeedSource._meta.get_field("url").help_text,
    )

    class Meta:
        model = FeedSource
        fields = [
            "name",
            "slug",
            "format",
            "url",
            "interval_minutes",
            "reliability",
            "default_tlp",
            "region",
            "enabled",
            "auto_accept",
            "property_mapping",
        ]
        widgets = {"property_mapping": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A feed's incidents are for the editors to verify: never private to the feed desk.
        self.fields["default_tlp"].choices = [c for c in TLP.choices if c[0] != TLP.RED]
        if self.instance.pk:
            for name in ("slug", "format"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Set when the source was added."
        else:
            del self.fields["slug"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("name"):
            self.instance.slug = slugify(data["name"])[:100]
            if not self.instance.slug:
                self.add_error("name", "Give a name with letters or digits.")
            elif (
                self.instance.slug in RESERVED_SLUGS
                or FeedSource.objects.filter(slug=self.instance.slug).exists()
            ):
                self.add_error("name", "A source with this name in URLs exists already.")
        return data

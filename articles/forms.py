"""Forms that read the query string of the public pages."""

from django import forms

from .models import EntityKind


class SearchInput(forms.TextInput):
    input_type = "search"


class DateInput(forms.DateInput):
    """An HTML date picker; browsers send and expect ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        """What the browser is given back: a valid date, or nothing. An
        invalid date typed into the query string ("2024-13-45", "abc") would
        make the page invalid HTML; the field's error says what was wrong."""
        if isinstance(value, str):
            try:
                value = forms.DateField().to_python(value)
            except forms.ValidationError:
                return None
        return super().format_value(value)


class ArticleFilterForm(forms.Form):
    """The form behind ArticleFilter: its fields come from the filters."""

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get("published_after")
        end = cleaned_data.get("published_before")
        if start and end and start > end:
            # Either date may be the mistake: drop both, keep the other filters.
            del cleaned_data["published_after"], cleaned_data["published_before"]
            self.add_error(
                None,
                forms.ValidationError(
                    "The end date is before the start date; dates were ignored.",
                    code="dates_reversed",
                ),
            )
        return cleaned_data


class EntityListForm(forms.Form):
    """Narrows the entity list by kind and by part of a name."""

    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *EntityKind.choices], required=False
    )
    name = forms.CharField(
        label="Name contains",
        max_length=100,
        required=False,
        widget=SearchInput(attrs={"placeholder": "e.g. Tokyo"}),
    )


class CompareForm(forms.Form):
    """How /compare/ draws its queries: by month or year, counts or shares.
    The queries (q, up to five) and the filters are read beside it."""

    by = forms.ChoiceField(
        label="Count by",
        choices=[
            ("", "Automatic"),
            ("month", "Month"),
            ("year", "Year"),
        ],
        required=False,
        error_messages={"invalid_choice": "Count by month or year (by=month|year)."},
    )
    show = forms.ChoiceField(
        label="Chart",
        choices=[("share", "Share of all stories"), ("count", "Number of stories")],
        required=False,
        error_messages={
            "invalid_choice": "Chart a share or a count (show=share|count)."
        },
    )

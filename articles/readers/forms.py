from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from ..models import SavedSearch


class SavedSearchForm(forms.ModelForm):
    """A saved search's name (unique among its reader's) and whether its new
    stories are mailed."""

    class Meta:
        model = SavedSearch
        fields = ["name", "alerts"]
        labels = {"alerts": "E-mail me its new stories"}
        help_texts = {"name": "Up to 120 characters; yours alone."}

    def __init__(self, *args, reader, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the search a name.")
        others = SavedSearch.objects.filter(reader=self.reader, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You already have a saved search of that name.")
        return name


class SignUpForm(UserCreationForm):
    """A new reader's account: a username, an e-mail address (for digests
    and password resets) and a password."""

    email = forms.EmailField(
        label="E-mail address",
        help_text="Where digests and password resets are sent.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses that address; reset its password instead."
            )
        return email

from django import forms

from councils.models import Body


class BodyEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    website = forms.URLField(
        label=Body._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-input"}),
    )

    class Meta:
        model = Body
        fields = ["short_name", "description", "website", "is_active"]
        widgets = {
            "short_name": forms.TextInput(attrs={"class": "form-input"}),
            "description": forms.Textarea(attrs={"class": "form-input", "rows": 5}),
        }

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A single <select> rendered in Python. Django renders every <option>
    through the template engine; with the 50-100 Posyandu of a Puskesmas that
    was a third of the search page's and of the visit form's time under load
    (docs/decisions/0010). Same HTML; no optgroups."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self._options()),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)

    def _options(self):
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("FastSelect does not render option groups")
            yield ("" if key is None else key), label


class FacilityChoiceField(forms.ModelChoiceField):
    """A facility picker that names each Posyandu with its desa and RW
    (Facility.picker_label): Posyandu names repeat across desa. Rendered with
    FastSelect; give it a queryset with select_related("region")."""

    widget = FastSelect

    def label_from_instance(self, obj):
        return obj.picker_label

"""The forms of the target pages: the year, the parameters, an import, the
PWS thresholds."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PwsThresholds, TargetGroup, TargetParameters
from .importing import MIN_YEAR
from .rules import AGED_15_PLUS, BIRTHS, RULES, parameters_from
from .sheets import MAX_BYTES

BASIS_HELP = {
    BIRTHS: _("Factor of the expected live births (CBR × population ÷ 1,000)."),
    AGED_15_PLUS: _("Estimated prevalence among people aged 15+ (productive age + elderly)."),
}


def _year_bounds() -> tuple[int, int]:
    return MIN_YEAR, date.today().year + 5


class YearForm(forms.Form):
    """The year to show (GET ?tahun=); this year when absent or invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = _year_bounds()
        self.fields["tahun"] = forms.IntegerField(label=_("Year"), min_value=low, max_value=high)

    def year(self) -> int:
        return self.cleaned_data["tahun"] if self.is_valid() else date.today().year


def proportion_field_name(group: str) -> str:
    return f"p_{group}"


class TargetParametersForm(forms.Form):
    """The crude birth rate and one field per target group's proportion,
    prefilled with the values in force (defaults where not overridden)."""

    crude_birth_rate = forms.DecimalField(
        label=_("Crude birth rate (per 1,000 people)"),
        min_value=Decimal("0"),
        max_value=Decimal("60"),
        max_digits=5,
        decimal_places=2,
    )

    def __init__(self, *args, values: tuple[Decimal, dict[str, Decimal]] | None = None, **kwargs):
        """`values`: the (crude birth rate, proportions) in force, as from
        rules.effective_parameters; the national defaults when None."""
        super().__init__(*args, **kwargs)
        cbr, proportions = values or parameters_from(None)
        self.fields["crude_birth_rate"].initial = cbr
        for group, label in TargetGroup.choices:
            rule = RULES[group]
            self.fields[proportion_field_name(group)] = forms.DecimalField(
                label=label,
                min_value=Decimal("0"),
                max_value=rule.maximum,
                max_digits=7,
                decimal_places=5,
                initial=proportions[group],
                help_text=BASIS_HELP.get(rule.basis, _("Share of the population.")),
            )

    def proportion_fields(self):
        return [self[proportion_field_name(group)] for group in TargetGroup.values]

    def save(self, *, district_code: str, year: int) -> TargetParameters:
        """Store the crude birth rate and the proportions that differ from the
        defaults (the defaults stay the defaults)."""
        overrides = {}
        for group, rule in RULES.items():
            value = self.cleaned_data[proportion_field_name(group)]
            if value != rule.default:
                overrides[group] = format(value.normalize(), "f")
        params, _created = TargetParameters.objects.update_or_create(
            district_id=district_code,
            year=year,
            defaults={"crude_birth_rate": self.cleaned_data["crude_birth_rate"], "proportions": overrides},
        )
        return params


class TargetImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: kode_wilayah (region code) or kode_fasilitas (facility code), tahun, sasaran "
            "(target group code or name), jumlah."
        ),
    )
    dry_run = forms.BooleanField(label=_("Dry run only (save nothing)"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class PwsThresholdsForm(forms.ModelForm):
    class Meta:
        model = PwsThresholds
        fields = ["on_track_percent", "behind_percent"]

"""Human labels for the codes stored on measurements."""

from django.utils.translation import gettext_lazy as _

from .anthropometry import GrowthCode, HeightForAge, WeightForAge, WeightForHeight

# Child nutrition classes take their labels from anthropometry's choices.
CLASS_LABELS = {
    **{c.value: c.label for c in (*WeightForAge, *HeightForAge, *WeightForHeight)},
    "normal": _("normal"),
    "obese_1": _("obese I"),
    "obese_2": _("obese II"),
    "prediabetes": _("prediabetes"),
    "diabetes": _("diabetes"),
    "independent": _("independent"),
    "mild": _("mild dependence"),
    "moderate": _("moderate dependence"),
    "severe": _("severe dependence"),
    "total": _("total dependence"),
}
GROWTH_CODES = {c.value: c.label for c in GrowthCode}

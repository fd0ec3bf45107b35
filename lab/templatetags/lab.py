"""Lab results where other apps show a visit: {% lab_results visit %} on the
visit page (clusters cannot import lab), plus the number formats."""

from django import template
from django.template.defaultfilters import floatformat

from facilities.models import Facility

from .. import selectors
from ..models import POSITIVE_OUTCOMES, Outcome, ResultType
from ..permissions import can_read_lab, can_request_tests

register = template.Library()


@register.filter
def result_number(value, test):
    """A value with the test's decimal places, in the page's language."""
    if value is None:
        return ""
    return floatformat(value, test.decimal_places)


@register.simple_tag
def reference_range(test, low, high):
    if test.result_type == ResultType.OUTCOME:
        labels = dict(Outcome.choices)
        normal = [str(labels[c]) for c in test.outcomes if c not in POSITIVE_OUTCOMES and c != Outcome.INVALID]
        return " / ".join(normal) or "—"
    if low is None and high is None:
        return "—"
    unit = f" {test.unit}" if test.unit else ""
    if low is None:
        return f"≤ {result_number(high, test)}{unit}"
    if high is None:
        return f"≥ {result_number(low, test)}{unit}"
    return f"{result_number(low, test)}–{result_number(high, test)}{unit}"


@register.inclusion_tag("lab/_visit_results.html", takes_context=True)
def lab_results(context, visit):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_read_lab(user):  # results are health data: not for kader
        return {"requests": [], "visit": visit, "may_request": False}
    may_request = bool(user is not None and can_request_tests(user)
                       and Facility.objects.for_user(user).filter(pk=visit.facility_id).exists())
    return {"requests": selectors.visit_requests(visit), "visit": visit, "may_request": may_request}

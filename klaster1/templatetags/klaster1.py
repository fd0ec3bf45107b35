from django import template

from igd.models import Outcome, Triage

register = template.Library()

# Bootstrap badge classes per triage colour.
TRIAGE_BADGE = {Triage.RED: "text-bg-danger", Triage.YELLOW: "text-bg-warning", Triage.GREEN: "text-bg-success",
                Triage.BLACK: "text-bg-dark"}


@register.filter
def hours(span):
    """A duration in hours (a float for floatformat), or "" when none."""
    return span.total_seconds() / 3600 if span is not None else ""


@register.filter
def triage_mix(igd):
    """(level, label, count, badge class) per triage level, in the levels' order."""
    return [(level, label, igd.triage[level], TRIAGE_BADGE[level]) for level, label in Triage.choices]


@register.filter
def outcome_mix(igd):
    """(outcome, label, count) per outcome that happened."""
    return [(value, label, igd.outcomes[value]) for value, label in Outcome.choices if igd.outcomes[value]]

from django import template

register = template.Library()


@register.filter
def hours(span):
    """A duration in hours (a float for floatformat), or "" when none."""
    return span.total_seconds() / 3600 if span is not None else ""

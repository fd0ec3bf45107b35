from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("satusehat/_visit_status.html")
def satusehat_status(visit):
    """The visit's SATUSEHAT status, for the visit page: {% satusehat_status visit %}."""
    return {"state": selectors.visit_status(visit.pk)}

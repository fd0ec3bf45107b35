"""Counted labels of the stock status page, as filters: a district's page
shows hundreds of rows, and a filter costs a fraction of a blocktrans.
The msgids are blocktrans's own, so the translations are shared."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext, ngettext

register = template.Library()

COUNTED = {
    "items": lambda n: ngettext("%(n)s item in stock", "%(n)s items in stock", n),
    "below": lambda n: ngettext("%(n)s below safety stock", "%(n)s below safety stock", n),
    "stockouts": lambda n: ngettext("%(n)s item out of stock this month", "%(n)s items out of stock this month", n),
    "expiring": lambda n: ngettext("%(n)s batch expiring", "%(n)s batches expiring", n),
    "days": lambda n: ngettext("%(n)s day", "%(n)s days", n),
}


@register.filter
def counted(n: int, what: str) -> str:
    return COUNTED[what](n) % {"n": n}


@register.filter
def below_safety(row) -> str:
    return gettext("%(usable)s usable, safety stock %(safety)s %(unit)s") % {
        "usable": intcomma(row.usable), "safety": floatformat(row.safety_stock, "0"),
        "unit": row.item.unit_label}

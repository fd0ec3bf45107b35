"""A dashboard cell rendered in Python: a district table has over a thousand
of them, and an {% include %} per cell costs most of the page's time."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _dec(value) -> str:
    """One decimal in the reader's locale: 83,3 in Indonesian, 83.3 in English."""
    return number_format(value, 1)


@register.simple_tag
def pws_cell(cell):
    if not cell.has_data:
        return format_html('<span class="text-muted" title="{}">·</span>', _("No data yet"))
    if cell.kind == "target":
        if cell.target is None:
            return format_html('<span class="text-muted small">{}</span> <span class="small">({})</span>',
                               _("no target"), intcomma(cell.value))
        title = f"{intcomma(cell.value)} / {intcomma(cell.target)} · {_('expected')} {_dec(cell.expected)}% · " \
                f"{cell.status_label}"
        html = format_html('<span class="pws-{}" title="{}"><span class="pws-dot" aria-hidden="true"></span>'
                           '<span class="pct">{}</span>%<span class="visually-hidden"> {}</span></span>',
                           cell.status, title, _dec(cell.percent), cell.status_label)
        if cell.change is not None:
            arrow = f"▲{_dec(cell.change)}" if cell.change > 0 else f"▼{_dec(-cell.change)}" if cell.change < 0 \
                else "="
            html += format_html(' <span class="chg small text-muted">{}</span>', arrow)
        return html
    if cell.kind == "ratio":
        if cell.percent is None:
            return mark_safe('<span class="text-muted">—</span>')
        return format_html('<span class="pct" title="{} / {}">{}</span>%', intcomma(cell.value),
                           intcomma(cell.denominator), _dec(cell.percent))
    return format_html('<span class="num">{}</span>', intcomma(cell.value))

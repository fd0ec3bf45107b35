from django import template

register = template.Library()


@register.filter
def get_item(container, key):
    """form|get_item:"weight_kg" gives the bound field; dict|get_item:key a value."""
    try:
        return container[key]
    except (KeyError, TypeError):
        return None

"""Sections that later apps add to the patient page (visits, growth chart…).
patients cannot import them (imports go one way), so they register here from
their AppConfig.ready() and the page renders whatever is registered."""

from collections.abc import Callable

# Each panel: f(request, patient) -> (template name, context) or None.
PANELS: list[Callable] = []


def register_panel(panel: Callable) -> Callable:
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def render_panels(request, patient) -> list[tuple[str, dict]]:
    rendered = []
    for panel in PANELS:
        result = panel(request, patient)
        if result is not None:
            rendered.append(result)
    return rendered

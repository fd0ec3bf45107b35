from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

# The runs pages moved to reports/runs; these names stay importable for
# reports/urls.py and reports/pws_views.py until they import from there.
from .runs.selectors import can_rebuild  # noqa: F401
from .runs.views import aggregation_runs, run_progress  # noqa: F401


@login_required
def coverage(request):
    """The first coverage page's address, kept for bookmarks: the PWS dashboard."""
    url = reverse("reports:pws")
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)

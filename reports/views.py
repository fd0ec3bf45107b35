from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse


@login_required
def coverage(request):
    """The first coverage page's address, kept for bookmarks: the PWS dashboard."""
    url = reverse("reports:pws")
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)

class IndonesianByDefault:
    """The interface speaks Bahasa Indonesia unless the user chose otherwise
    (the language cookie set by the switcher). A browser's Accept-Language,
    often English on Puskesmas laptops, is not a choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

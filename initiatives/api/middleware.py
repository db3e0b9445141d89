"""Headers every API response carries, errors and 404s included."""

from django.conf import settings

API_PREFIXES = ("/api/", "/ogc/")


def api_version(get_response):
    def middleware(request):
        response = get_response(request)
        if request.path_info.startswith(API_PREFIXES):
            response["API-Version"] = settings.API_VERSION
        return response

    return middleware

"""Headers every API response carries, and problem+json for the errors
Django answers before a view runs (an unknown path)."""

from django.conf import settings

from .problems import NOT_FOUND, PROBLEM_JSON, problem_response

API_PREFIXES = ("/api/", "/ogc")  # /ogc: the OGC landing page too


def api_version(get_response):
    def middleware(request):
        response = get_response(request)
        if not request.path_info.startswith(API_PREFIXES):
            return response
        if response.status_code == 404 and not _is_problem(response):
            response = problem_response(404, NOT_FOUND, instance=request.path)
        response["API-Version"] = settings.API_VERSION
        return response

    return middleware


def _is_problem(response):
    return response.get("Content-Type", "").startswith(PROBLEM_JSON)

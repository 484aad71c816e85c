from django.conf import settings

from .search import MAX_QUERY_LENGTH


def portal(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL,
            "SEARCH_MAX_LENGTH": MAX_QUERY_LENGTH}  # the header's search box (network.search)

"""What every endpoint of the read API shares (Django REST framework).

- Anyone may read; a partner key (`Authorization: Bearer rp_…` or `X-API-Key: rp_…`) raises the rate
  limit and names the caller. A wrong or revoked key is refused (401), never silently anonymous.
- Rate limits per key or, without one, per client address (settings.API_ANONYMOUS_RATE); they live
  in the default cache, which degrades to memory when Redis is down (network.cache).
- Pages of `page_size` items (50, at most 200), with the total count.
- Every answer carries an ETag (a digest of its body) and answers 304 to a matching If-None-Match;
  it says the language it is in (Content-Language, Vary: Accept-Language) and is open to other sites
  (CORS). Translated fields follow Accept-Language, or `?lang=`.
- Hostile query values give 400 with the field's error, never a 500.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import SimpleRateThrottle

from network.models import PartnerKey

from .keys import partner_key_for

MAX_AGE = 60  # seconds a client or proxy may keep an answer


class PartnerKeyAuthentication(BaseAuthentication):
    """A partner key in `Authorization: Bearer …` or `X-API-Key`; none at all is anonymous."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        raw = header[7:] if header[:7].lower() == "bearer " else request.headers.get("X-API-Key", "")
        if not raw:
            return None
        key = partner_key_for(raw)
        if key is None:
            raise AuthenticationFailed(_("This API key is not valid or has been revoked."))
        return AnonymousUser(), key

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "Optional. A partner key issued by the secretariat raises the rate limit."}


class ApiRateThrottle(SimpleRateThrottle):
    """Per key at the key's own rate; without a key, per client address at API_ANONYMOUS_RATE."""

    scope = "api"

    def __init__(self):  # the rate depends on the request: set in allow_request
        pass

    def allow_request(self, request, view) -> bool:
        key = request.auth if isinstance(request.auth, PartnerKey) else None
        self.rate = f"{key.requests_per_minute}/min" if key else settings.API_ANONYMOUS_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, PartnerKey):
            return f"api-throttle:key:{request.auth.pk}"
        return f"api-throttle:ip:{self.get_ident(request)}"


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        """A page_size that is not a positive whole number is refused (400), not silently replaced."""
        sent = request.query_params.get(self.page_size_query_param)
        if sent is not None and not (sent.isascii() and sent.isdigit() and int(sent) > 0):
            raise ValidationError({self.page_size_query_param: [_("Give a whole number from 1 to %(max)d.")
                                                                % {"max": self.max_page_size}]})
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        sent = request.query_params.get(self.page_query_param)
        if sent is not None and not (sent.isascii() and sent.isdigit()):
            raise NotFound(self.invalid_page_message)  # as a page past the end: DRF's own answer
        return super().get_page_number(request, paginator)


def _language_from_query(request) -> None:
    lang = request.GET.get("lang", "")
    codes = {code for code, _name in settings.LANGUAGES}
    if lang.lower() in codes:
        translation.activate(lang.lower())
        request.LANGUAGE_CODE = lang.lower()


class PublicApiMixin:
    """Keys, rate limits, JSON, language and conditional answers: every endpoint has them."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [ApiRateThrottle]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        _language_from_query(request)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return conditional(request, response)


class PublicReadViewSet(PublicApiMixin, viewsets.ReadOnlyModelViewSet):
    """The base of a list of records: public data only, read only, paginated, filtered, found by slug."""

    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"  # any slug reaches the endpoint, which answers a JSON 404


def conditional(request, response):
    """ETag, 304, caching, language and CORS headers of every API answer."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Content-Language, Retry-After"
    patch_vary_headers(response, ["Accept-Language"])
    response.setdefault("Content-Language", translation.get_language() or settings.LANGUAGE_CODE)
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.render()
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    sent = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in sent or "*" in sent:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Vary", "Content-Language", "Access-Control-Allow-Origin"):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


ERROR_RESPONSES = {
    "400": "A filter's value is not valid; the body names each field with its error.",
    "401": "The partner key sent is not valid or has been revoked.",
    "404": "No such record, or a page past the end of the list.",
    "429": "Too many requests: wait the seconds `Retry-After` says. A partner key raises the limit.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing: the errors every endpoint may answer are in the contract, with
    their body ({"detail": …}, or the fields with their errors for a 400), and every success says it
    carries an ETag."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {"type": "object", "properties": {"detail": {"type": "string"}},
                        "additionalProperties": {"type": "array", "items": {"type": "string"}}}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            operation["security"] = [{"partnerKey": []}, {}]  # a key is optional
            for parameter in operation.get("parameters", []):
                # An empty choice is no filter at all, as on the public pages' forms.
                enum = parameter.get("schema", {}).get("enum")
                if parameter.get("in") == "query" and enum is not None and "" not in enum:
                    enum.append("")
                    if parameter["schema"].get("type") not in (None, "string"):
                        parameter["schema"]["type"] = [parameter["schema"]["type"], "string"]
            responses = operation.setdefault("responses", {})
            for code, text in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": text, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
            responses.setdefault("304", {"description": "Not modified: the ETag sent in If-None-Match still holds."})
            ok = responses.get("200")
            if ok is not None:
                ok.setdefault("headers", {})["ETag"] = {"schema": {"type": "string"},
                                                        "description": "Send it back in If-None-Match."}
    return result


def not_found(request, path: str = ""):
    """Any other address under /api/: a JSON 404, as the endpoints answer, not the site's HTML page."""
    from django.http import JsonResponse

    return conditional(request, JsonResponse({"detail": str(_("Not found."))}, status=404))

"""The bare reference view of the benchmark (mounted by config/urls.py only when settings.BENCH)."""

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def reference(request: HttpRequest) -> HttpResponse:
    return render(request, "bench_reference.html")

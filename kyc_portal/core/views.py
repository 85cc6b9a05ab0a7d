from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import health_status


@never_cache
@require_GET
def healthz(request):
    try:
        return JsonResponse({"status": "ok", **health_status()})
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)


@require_GET
def home(request):
    return render(request, "core/home.html")

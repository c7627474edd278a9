"""The project's URLs plus a bare Django view, the baseline of the HTTP benchmark."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]

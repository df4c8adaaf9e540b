from django.contrib import admin
from django.urls import include, path

from claims.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("claims/", include("claims.urls")),
    path("articles/", include("sources.urls")),
    path("", include("claims.urls_export")),
]

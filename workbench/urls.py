from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claims:list", permanent=False), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("claims/", include("claims.urls")),
    path("articles/", include("sources.urls")),
    path("", include("claims.urls_export")),
]

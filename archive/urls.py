from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("issues.api.urls")),
    path("", include("issues.urls")),
]

handler404 = "issues.views.reader.page_not_found"

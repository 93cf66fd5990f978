from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from issues.api import errors, views

app_name = "api"

# The split view serves Swagger UI's start-up script as a file (the CSP forbids inline
# script); the page's one small inline <style> is allowed by its hash.
SWAGGER_STYLE_HASH = "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"
docs = csp_update({"style-src": [SWAGGER_STYLE_HASH]})(
    SpectacularSwaggerSplitView.as_view(url_name="api:schema")
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs, name="docs"),
    path("issues/", views.IssueList.as_view(), name="issue-list"),
    path("issues/import", views.import_issue, name="issue-import"),
    path("issues/<int:number>/", views.IssueDetail.as_view(), name="issue-detail"),
    path("items/", views.ItemList.as_view(), name="item-list"),
    path("items/<int:pk>/", views.ItemDetail.as_view(), name="item-detail"),
    path("tags/", views.TagList.as_view(), name="tag-list"),
    path("sections/", views.SectionList.as_view(), name="section-list"),
    re_path(r"", errors.not_found),
]

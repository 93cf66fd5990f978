from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

from issues import feeds
from issues.cache import anonymous_page
from issues.sitemaps import SITEMAPS
from issues.views import reader, search

app_name = "issues"

urlpatterns = [
    path("", anonymous_page(reader.home), name="home"),
    path("issues/", anonymous_page(reader.issue_list), name="issue-list"),
    path("issues/<int:number>/", anonymous_page(reader.issue_detail), name="issue-detail"),
    path("items/<int:pk>/", anonymous_page(reader.item_detail), name="item-detail"),
    path("tags/", anonymous_page(reader.tag_list), name="tag-list"),
    path("tags/<slug:slug>/", anonymous_page(reader.tag_detail), name="tag-detail"),
    path("sections/<slug:slug>/", anonymous_page(reader.section_detail), name="section-detail"),
    path("search/", search.search, name="search"),
    path("search/suggest", search.suggest, name="search-suggest"),
    path("issues/feed/", feeds.IssuesFeed(), name="issue-feed"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("search/feed/", feeds.search_feed, name="search-feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "issues:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
]

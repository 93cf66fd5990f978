from django.urls import path

from issues.views import reader, search

app_name = "issues"

urlpatterns = [
    path("", reader.home, name="home"),
    path("issues/", reader.issue_list, name="issue-list"),
    path("issues/<int:number>/", reader.issue_detail, name="issue-detail"),
    path("items/<int:pk>/", reader.item_detail, name="item-detail"),
    path("tags/", reader.tag_list, name="tag-list"),
    path("tags/<slug:slug>/", reader.tag_detail, name="tag-detail"),
    path("sections/<slug:slug>/", reader.section_detail, name="section-detail"),
    path("search/", search.search, name="search"),
    path("search/suggest", search.suggest, name="search-suggest"),
]

from django.urls import path

from . import feeds, views
from .batch import batch_search

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    # Many queries at once, POSTed (articles/batch.py).
    path("batch/", batch_search, name="batch"),
    path("compare/", views.compare, name="compare"),
    path("articles/", views.article_list, name="list"),
    path("articles/feed/", feeds.latest_articles, name="feed"),
    # Before the article's own address, whose slug "changes" would also match.
    path("articles/<int:pk>/changes/", views.article_changes, name="changes"),
    path(
        "articles/<int:pk>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("articles/<int:pk>/", views.article_redirect, name="detail-short"),
    path("entities/", views.entity_list, name="entities"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("entities/<slug:slug>/feed/", feeds.entity_articles, name="entity-feed"),
    path("subjects/", views.subject_list, name="subjects"),
    path("subjects/<slug:slug>/", views.subject_detail, name="subject"),
    path("map/world.svg", views.world_map_svg, name="world-map"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("sources/<slug:slug>/feed/", feeds.source_articles, name="source-feed"),
]

from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("articles/", views.article_list, name="list"),
    path("articles/feed/", require_safe(feeds.LatestArticlesFeed()), name="feed"),
    path(
        "articles/<int:pk>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("articles/<int:pk>/", views.article_redirect, name="detail-short"),
    path("entities/", views.entity_list, name="entities"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path(
        "entities/<slug:slug>/feed/",
        require_safe(feeds.EntityFeed()),
        name="entity-feed",
    ),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path(
        "sources/<slug:slug>/feed/",
        require_safe(feeds.SourceFeed()),
        name="source-feed",
    ),
]

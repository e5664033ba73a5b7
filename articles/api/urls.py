from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import docs, views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("stories", views.StoryViewSet, basename="story")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("sources", views.SourceViewSet, basename="source")

app_name = "api"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    # The OpenAPI 3 description, at a stable address (not rate-limited: it
    # changes only with the code), and the reference drawn from it.
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    path("docs/", docs.reference, name="docs"),
    path("", include(router.urls)),
]

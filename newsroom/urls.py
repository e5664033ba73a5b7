from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "newsroom editing"
admin.site.site_title = "newsroom"
admin.site.index_title = "Archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

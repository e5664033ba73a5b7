from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from articles import sitemaps, throttling

admin.site.site_header = "newsroom editing"
admin.site.site_title = "newsroom"
admin.site.index_title = "Archive"
# Failed logins are counted and, past a limit, refused (articles/throttling.py).
admin.site.login_form = throttling.ThrottledAuthenticationForm

urlpatterns = [
    # Ahead of admin.site.urls so that it replaces the admin's own login URL.
    path("admin/login/", throttling.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/", include("articles.api.urls")),
    # Readers' accounts, saved searches and alerts (articles/readers/).
    path("account/", include("articles.readers.urls")),
    path("", include("articles.urls")),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    # Lazy: the hashed name is only known once collectstatic has run.
    path(
        "favicon.ico",
        RedirectView.as_view(
            url=lazy(static, str)("favicon.svg"), http_method_names=["get", "head"]
        ),
    ),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            http_method_names=["get", "head"],
        ),
        name="robots",
    ),
]

"""Readers' accounts, saved searches and alerts, under /account/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.cache import never_cache

from . import views

app_name = "readers"


def _private(view_class, **options):
    return never_cache(view_class.as_view(**options))


urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", _private(auth_views.LogoutView), name="logout"),
    path("signup/", views.sign_up, name="signup"),
    path(
        "password/",
        _private(
            auth_views.PasswordChangeView,
            template_name="readers/password_change.html",
            success_url=reverse_lazy("readers:searches"),
        ),
        name="password-change",
    ),
    path(
        "password/reset/",
        _private(
            auth_views.PasswordResetView,
            template_name="readers/password_reset.html",
            email_template_name="readers/password_reset_email.txt",
            subject_template_name="readers/password_reset_subject.txt",
            success_url=reverse_lazy("readers:password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "password/reset/sent/",
        _private(
            auth_views.PasswordResetDoneView,
            template_name="readers/password_reset_sent.html",
        ),
        name="password-reset-sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _private(
            auth_views.PasswordResetConfirmView,
            template_name="readers/password_reset_confirm.html",
            success_url=reverse_lazy("readers:password-reset-done"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/done/",
        _private(
            auth_views.PasswordResetCompleteView,
            template_name="readers/password_reset_done.html",
        ),
        name="password-reset-done",
    ),
    path("searches/", views.saved_searches, name="searches"),
    path("searches/save/", views.save_search, name="save"),
    path("searches/<int:pk>/", views.open_saved_search, name="open"),
    path("searches/<int:pk>/edit/", views.edit_saved_search, name="edit"),
    path("searches/<int:pk>/delete/", views.delete_saved_search, name="delete"),
    path("feeds/<slug:token>/", views.saved_search_feed, name="feed"),
    path("alerts/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

"""The admin: a staff login, the role's permissions, and CSRF tokens on its forms."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, admin_change_data

pytestmark = pytest.mark.django_db


def staff_user(username, *groups):
    user = User.objects.create_user(username, password="correct horse battery")
    user.is_staff = True
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def logged_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_staff_roles_exist_with_the_documented_permissions():
    editors = Group.objects.get(name="Editors")
    readers = Group.objects.get(name="Readers (read-only)")

    def codenames(group):
        return set(group.permissions.values_list("codename", flat=True))

    models = {"article", "source", "entity", "mention"}
    # Later migrations may add to a role (e.g. for new models); these stay.
    assert codenames(readers) >= {f"view_{m}" for m in models}
    assert all(name.startswith("view_") for name in codenames(readers))
    assert codenames(editors) >= (
        {f"view_{m}" for m in models}
        | {f"change_{m}" for m in models}
        | {"add_mention", "delete_mention"}
    )
    assert not codenames(editors) & {
        "add_article",
        "delete_article",
        "delete_source",
        "delete_entity",
    }


def test_the_admin_needs_a_staff_login(client):
    for url in ["/admin/", "/admin/articles/article/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/")
    not_staff = User.objects.create_user("visitor", password="x")
    client.force_login(not_staff)
    assert client.get("/admin/articles/article/").status_code == 302


def test_a_reader_can_view_an_article_but_not_change_it():
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    reader = logged_in(staff_user("reader", "Readers (read-only)"))
    url = reverse("admin:articles_article_change", args=[article.pk])

    page = reader.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Harbour board backs ferry terminal" in html
    assert 'name="_save"' not in html
    assert 'name="title"' not in html  # shown as text, not as a field

    response = reader.post(url, admin_change_data(article, title="Changed"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Harbour board backs ferry terminal"
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert reader.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_editor_can_change_an_article_but_not_delete_it():
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    editor = logged_in(staff_user("editor", "Editors"))
    url = reverse("admin:articles_article_change", args=[article.pk])

    assert 'name="_save"' in editor.get(url).content.decode()
    response = editor.post(
        url, admin_change_data(article, title="Harbour board says no")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Harbour board says no"
    assert "title" in article.edited_fields

    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert editor.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_staff_without_a_role_see_nothing_to_edit():
    ArticleFactory()
    nobody = logged_in(staff_user("nobody"))
    assert nobody.get("/admin/articles/article/").status_code == 403


def test_admin_change_without_a_csrf_token_is_refused(admin_user):
    article = ArticleFactory(title="Harbour board backs ferry terminal")
    client = logged_in(admin_user, enforce_csrf_checks=True)
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = client.post(url, admin_change_data(article, title="Forged"))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Harbour board backs ferry terminal"


def test_admin_login_without_a_csrf_token_is_refused(admin_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/admin/login/", {"username": admin_user.username, "password": "password"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_login_with_its_csrf_token_works(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/admin/login/",
        {"username": admin_user.username, "password": "password", "next": "/admin/"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)

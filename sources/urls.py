from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("<int:article_id>/", views.article_detail, name="article"),
    path("<int:article_id>/promote/", views.article_promote, name="promote"),
    path("import/", views.import_articles, name="import"),
]

from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("<int:article_id>/", views.article_detail, name="article"),
]

from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="list"),
    path("<int:claim_id>/", views.claim_detail, name="detail"),
    path("<int:claim_id>/take/", views.claim_take, name="take"),
    path("<int:claim_id>/assign/", views.claim_assign, name="assign"),
    path("<int:claim_id>/verdict/", views.claim_verdict, name="verdict"),
    path("<int:claim_id>/review/", views.claim_review, name="review"),
    path("<int:claim_id>/reopen/", views.claim_reopen, name="reopen"),
    path("<int:claim_id>/not-checkable/", views.claim_not_checkable, name="not_checkable"),
    path("<int:claim_id>/evidence/", views.claim_evidence, name="evidence"),
    path("<int:claim_id>/reuse/", views.claim_reuse, name="reuse"),
    path("<int:claim_id>/matches/<int:match_id>/", views.match_decide, name="match"),
]

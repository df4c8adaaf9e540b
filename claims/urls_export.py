"""Export URLs, included at the site root so that the per-claim ClaimReview
sits beside the claim page: /claims/<id>/claimreview.json."""

from django.urls import path

from claims import views_export

app_name = "exports"

urlpatterns = [
    path("export/verdicts.csv", views_export.verdicts_csv_view, name="verdicts_csv"),
    path("export/claimreview.jsonl", views_export.claimreview_jsonl_view, name="claimreview_jsonl"),
    path(
        "claims/<int:claim_id>/claimreview.json",
        views_export.claimreview_view,
        name="claimreview",
    ),
]

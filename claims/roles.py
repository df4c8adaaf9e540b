"""The two desk roles and what each may do, as Django permissions.

Used by the data migration that creates the groups and by the services that
check them, so the two cannot drift apart.
"""

REVIEWERS = "Reviewers"
EDITORS = "Editors"

# (app_label, codename)
REVIEWER_PERMISSIONS = [
    ("sources", "view_outlet"),
    ("sources", "view_article"),
    ("claims", "view_claim"),
    ("claims", "change_claim"),
    ("claims", "promote_claim"),
    ("claims", "view_quantity"),
    ("claims", "view_claimmatch"),
    ("claims", "change_claimmatch"),
    ("claims", "view_cluster"),
    ("claims", "view_evidence"),
    ("claims", "add_evidence"),
    ("claims", "change_evidence"),
    ("claims", "view_rating"),
    ("claims", "view_verdict"),
    ("claims", "add_verdict"),
    ("claims", "change_verdict"),
    ("claims", "view_namealias"),
]

EDITOR_PERMISSIONS = REVIEWER_PERMISSIONS + [
    ("sources", "add_outlet"),
    ("sources", "change_outlet"),
    ("sources", "add_article"),
    ("sources", "change_article"),
    ("sources", "import_articles"),
    ("claims", "assign_claim"),
    ("claims", "add_claim"),
    ("claims", "add_quantity"),
    ("claims", "change_quantity"),
    ("claims", "delete_evidence"),
    ("claims", "add_rating"),
    ("claims", "change_rating"),
    ("claims", "approve_verdict"),
    ("claims", "export_verdicts"),
    ("claims", "add_namealias"),
    ("claims", "change_namealias"),
    ("claims", "delete_namealias"),
    ("claims", "change_cluster"),
]

"""`{% claimreview_jsonld claim %}`: the ClaimReview of an approved verdict as
a <script type="application/ld+json"> element, or nothing."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.claimreview import to_script_json
from claims.models import Claim, ClaimStatus
from claims.services import claimreview_for_claim

register = template.Library()


@register.simple_tag(takes_context=True)
def claimreview_jsonld(context: dict[str, Any], claim: Claim | int) -> SafeString:
    request = context.get("request")
    base_url = request.build_absolute_uri("/") if request is not None else settings.ORGANIZATION_URL
    if isinstance(claim, Claim) and claim.status != ClaimStatus.APPROVED:
        # Only approved verdicts are published; the claim page is rendered far
        # more often before approval, so skip the queries then.
        return mark_safe("")
    claim_id = claim if isinstance(claim, int) else claim.pk
    document = claimreview_for_claim(claim_id, base_url=base_url)
    if document is None:
        return mark_safe("")
    # to_script_json escapes <, > and & so the data cannot close the element.
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(to_script_json(document))
    )

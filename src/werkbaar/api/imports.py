"""Machine-client endpoint of the paper import of scan answers, mounted at /api/v1/scan-import/.

``POST /api/v1/scan-import/{campaign_id}/responses`` takes the rows of the import file as JSON (a
header row of item ids and grouping questions, then one row per completed form) and stores them all
or nothing through :func:`werkbaar.scans.importing.import_rows`, the code path of the upload page. For
a campaign's admins (``can_admin_organisation``), with a session or a token of scope ``scans:import``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status

from werkbaar.core.permissions import can_admin_organisation

from .errors import InvalidInput
from .tokens import scope

router = Router(tags=["scans"])


class RowsIn(Schema):
    rows: list[list[str | int | None]] = Field(
        ..., description="The header row (item ids, grouping questions, `language`), then one row per form",
        examples=[[["wd1", "wd2", "team"], [3, 2, "Noord"], [4, None, "Zuid"]]])


class Imported(Schema):
    imported: int


@router.post("/{campaign_id}/responses", response={201: Imported},
             summary="Import the answers of paper forms in bulk (all or nothing)")
@scope("scans:import")
def import_responses(request, campaign_id: int, payload: RowsIn):
    """400 lists every problem as `rows.<row>.<column>` (rows counted from 1, the header is row 1),
    and stores nothing; also when the campaign is not open (field `rows`)."""
    from werkbaar.scans.importing import ImportFailed, import_rows
    from werkbaar.scans.models import Campaign

    campaign = get_object_or_404(Campaign.objects.select_related("organisation"), pk=campaign_id)
    if not can_admin_organisation(request.user, campaign.organisation):
        raise Http404
    rows = [["" if cell is None else str(cell) for cell in row] for row in payload.rows]
    try:
        result = import_rows(campaign, rows, user=request.user, filename="api")
    except ImportFailed as exc:
        raise InvalidInput({(f"rows.{p.row}.{p.column}" if p.row else "rows"): p.message
                            for p in exc.problems}) from None
    return Status(201, {"imported": result.row_count})

"""JSON API of the scans app, mounted at /api/v1/scan/.

``POST /api/v1/scan/{code}/submit`` stores one anonymous response. The access code in the path is
the credential: no session, no CSRF token. It stores through :func:`werkbaar.scans.services.submit`,
the same code path as the web questionnaire.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from . import services

router = Router(tags=["scans"])


class SubmissionIn(Schema):
    """Loosely typed on purpose: the service checks every field and answers 400 with one error per field."""

    language: Any = Field(None, description="nl, nl-easy, fr or en (the campaign's languages)", examples=["nl"])
    answers: Any = Field(None, description="item id -> value of its answer scale, or null", examples=[{"wd1": 3}])
    groups: Any = Field(None, description="grouping question -> band", examples=[{"team": "A"}])


class Created(Schema):
    status: str = "created"
    message: str


class Refused(Schema):
    status: str
    message: str


class FieldErrors(Schema):
    status: str = "invalid"
    message: str
    errors: dict[str, str]


@router.post(
    "/{code}/submit",
    auth=None,
    response={201: Created, 400: FieldErrors, 404: Refused, 409: Refused, 410: Refused, 429: Refused},
    summary="Submit one anonymous response with an access code",
    description=(
        "Stores the answers for the access code in the path. `answers` maps item ids to a value of the "
        "item's answer scale (or null for no answer); `groups` maps grouping questions of the campaign to "
        "one of its bands. 201: stored (first use of the code). 409: the code was already used, nothing "
        "stored. 400: one error per field (`language`, `answers.<item>`, `groups.<question>`). "
        "404: unknown code. 410: the campaign is closed or not yet open. 429 (`status` `rate_limited`): "
        "too many unknown codes from this client; wait the `Retry-After` seconds. The stored response keeps no "
        "code, IP address, user agent or time."
    ),
)
def submit(request, code: str, payload: SubmissionIn):
    try:
        services.submit(code, payload.language, payload.answers, payload.groups)
    except services.InvalidSubmission as exc:
        return Status(400, {"status": "invalid", "message": exc.message, "errors": exc.errors})
    except services.UnknownCode as exc:
        return Status(404, {"status": "unknown_code", "message": exc.message})
    except services.CodeAlreadyUsed as exc:
        return Status(409, {"status": "already_used", "message": exc.message})
    except services.CampaignNotOpen as exc:
        return Status(410, {"status": "not_open", "message": exc.message})
    return Status(201, {"status": "created", "message": str(_("Thank you. Your answers have been stored."))})

"""JSON API routes of the reporting app, mounted at /api/v1/reporting/."""

from ninja import Router

router = Router(tags=["reporting"])

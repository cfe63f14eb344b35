"""JSON API routes of the scans app, mounted at /api/v1/scans/."""

from ninja import Router

router = Router(tags=["scans"])

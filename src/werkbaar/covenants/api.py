"""JSON API routes of the covenants app, mounted at /api/v1/covenants/."""

from ninja import Router

router = Router(tags=["covenants"])

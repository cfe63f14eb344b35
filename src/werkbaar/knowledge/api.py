"""JSON API routes of the knowledge app, mounted at /api/v1/knowledge/."""

from ninja import Router

router = Router(tags=["knowledge"])

"""JSON API routes of the actions app, mounted at /api/v1/actions/."""

from ninja import Router

router = Router(tags=["actions"])

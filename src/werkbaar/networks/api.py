"""JSON API routes of the networks app, mounted at /api/v1/networks/."""

from ninja import Router

router = Router(tags=["networks"])

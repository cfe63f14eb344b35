"""JSON API routes of the fund app, mounted at /api/v1/fund/."""

from ninja import Router

router = Router(tags=["fund"])

"""URLs of the knowledge platform: finder pages (filled in by issue 18)."""

urlpatterns: list = []

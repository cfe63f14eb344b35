"""URLs of the knowledge platform: editor pages (filled in by issue 18)."""

urlpatterns: list = []

"""URLs of the knowledge platform: propose pages (filled in by issue 18)."""

urlpatterns: list = []

"""URLs of the knowledge platform: public pages (filled in by issue 18)."""

urlpatterns: list = []

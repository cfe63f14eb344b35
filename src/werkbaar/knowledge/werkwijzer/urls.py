"""URLs of WerkWijzer, the re-integration guide (mounted at /werkwijzer/): cases and the facilitator mode."""

from . import facilitator_urls

app_name = "werkwijzer"
urlpatterns: list = [*facilitator_urls.urlpatterns]

"""URLs of WerkWijzer, the re-integration guide (mounted at /werkwijzer/): cases and the facilitator mode."""

from . import facilitator_urls, player_urls

app_name = "werkwijzer"
# The case player comes last: a case's address (/werkwijzer/<case>/) would otherwise shadow the others.
urlpatterns: list = [*facilitator_urls.urlpatterns, *player_urls.urlpatterns]

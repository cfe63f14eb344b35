"""URLs of the public knowledge platform (mounted at /kennis/), one module per part of the app."""

from . import editor_urls, finder_urls, propose_urls, public_urls

app_name = "knowledge"
# The public pages come last: an item's address (/kennis/<slug>/) would otherwise shadow the others.
urlpatterns = [*finder_urls.urlpatterns, *editor_urls.urlpatterns, *propose_urls.urlpatterns,
               *public_urls.urlpatterns]

"""``/sitemap.xml``: the knowledge platform's list, every published item and the public inspiration menu.

Addresses are absolute on ``SITE_URL`` (the public origin), not on the Host of the request.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Item, Status
from .public_views import modified


class _OnSiteUrl(Sitemap):
    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ItemSitemap(_OnSiteUrl):
    changefreq = "monthly"

    def items(self):
        return Item.objects.filter(status=Status.PUBLISHED).order_by("slug").only(
            "slug", "updated", "reviewed_at", "published_at")

    def lastmod(self, item):
        return modified(item)


class PagesSitemap(_OnSiteUrl):
    changefreq = "weekly"

    def items(self):
        return ["knowledge:index", "actions:menu"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PagesSitemap, "knowledge": ItemSitemap}

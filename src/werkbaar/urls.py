"""Root URL configuration: one include per app, the API, the admin, the respondent entry /s/ and the
WerkWijzer phones' entry /w/."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from werkbaar.api.api import api
from werkbaar.core.sector_page import moved
from werkbaar.insights.moved import moved_to_insights
from werkbaar.knowledge.sitemaps import SITEMAPS
from werkbaar.knowledge.werkwijzer.facilitator_urls import phone_urlpatterns

# The admin signs in through /login/ too, so its sign-in cannot skip the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("werkbaar.core.urls")),
    path("accounts/", include("allauth.urls")),  # password reset, two-factor authentication, single sign-on
    path("s/", include("werkbaar.scans.respondent_urls")),
    # The sector view and the roll-up of the action plans became tabs of one sector page (/sector/<code>/).
    path("insights/sectors/", moved, name="moved_sector_view_list"),
    path("insights/sectors/<slug:code>/", moved, {"tab": "workability"}, name="moved_sector_view"),
    path("knowledge/sectors/", moved, name="moved_sector_view_list_knowledge"),  # the app's name before issue 18
    path("knowledge/sectors/<slug:code>/", moved, {"tab": "workability"}, name="moved_sector_view_knowledge"),
    path("actions/sector/", moved, name="moved_rollup_list"),
    path("actions/sector/<slug:code>/", moved, {"tab": "actions"}, name="moved_rollup"),
    path("covenants/", include("werkbaar.covenants.urls")),
    path("reporting/", include("werkbaar.reporting.urls")),
    path("scans/", include("werkbaar.scans.urls")),
    path("actions/", include("werkbaar.actions.urls")),
    path("networks/", include("werkbaar.networks.urls")),
    path("fund/", include("werkbaar.fund.urls")),
    path("fieldwork/", include("werkbaar.fieldwork.urls")),
    path("insights/", include("werkbaar.insights.urls")),
    # Until issue 18 the insights app was mounted at /knowledge/ (that name now belongs to the platform at /kennis/).
    path("knowledge/", moved_to_insights, name="moved_insights_root"),
    path("knowledge/<path:rest>", moved_to_insights, name="moved_insights"),
    path("api/v1/knowledge/<path:rest>", moved_to_insights, {"prefix": "/api/v1/insights/"},
         name="moved_insights_api"),
    path("kennis/", include("werkbaar.knowledge.urls")),  # the public knowledge platform
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),  # the public pages, for search engines
    path("werkwijzer/", include("werkbaar.knowledge.werkwijzer.urls")),  # the re-integration guide
    path("w/", include((phone_urlpatterns, "werkwijzer_phone"))),  # phones join a WerkWijzer group session
    path("privacy/", include("werkbaar.privacy.urls")),
    path("account/api/", include("werkbaar.api.urls")),  # API tokens and webhooks
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "werkbaar.core.views.permission_denied"
handler404 = "werkbaar.core.views.page_not_found"
handler500 = "werkbaar.core.views.server_error"

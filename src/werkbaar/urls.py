"""Root URL configuration: one include per app, the API, the admin and the respondent entry /s/."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from werkbaar.api.api import api
from werkbaar.core.sector_page import moved

# The admin signs in through /login/ too, so its sign-in cannot skip the second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include("werkbaar.core.urls")),
    path("accounts/", include("allauth.urls")),  # password reset, two-factor authentication, single sign-on
    path("s/", include("werkbaar.scans.respondent_urls")),
    # The sector view and the roll-up of the action plans became tabs of one sector page (/sector/<code>/).
    path("knowledge/sectors/", moved, name="moved_sector_view_list"),
    path("knowledge/sectors/<slug:code>/", moved, {"tab": "workability"}, name="moved_sector_view"),
    path("actions/sector/", moved, name="moved_rollup_list"),
    path("actions/sector/<slug:code>/", moved, {"tab": "actions"}, name="moved_rollup"),
    path("covenants/", include("werkbaar.covenants.urls")),
    path("reporting/", include("werkbaar.reporting.urls")),
    path("scans/", include("werkbaar.scans.urls")),
    path("actions/", include("werkbaar.actions.urls")),
    path("networks/", include("werkbaar.networks.urls")),
    path("fund/", include("werkbaar.fund.urls")),
    path("fieldwork/", include("werkbaar.fieldwork.urls")),
    path("knowledge/", include("werkbaar.knowledge.urls")),
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

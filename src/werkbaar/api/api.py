"""The one NinjaAPI instance. Each app's ``api.router`` is mounted at /api/v1/<app>/.

Authentication: an API token (``Authorization: Bearer wbk_...``, no CSRF; ``werkbaar.api.tokens``), or
the Django session (with CSRF) for browser use. An operation declares the scope a token needs with
``@tokens.scope(...)``; without one it is for sessions only. The OpenAPI document is served at
/api/v1/openapi.json and browsable at /api/v1/docs. Errors have one shape and one set of documented
statuses for every operation (``werkbaar.api.errors``).
"""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.security import django_auth

from werkbaar.actions.api import router as actions_router
from werkbaar.covenants.api import router as covenants_router
from werkbaar.fieldwork.api import router as fieldwork_router
from werkbaar.fund.api import router as fund_router
from werkbaar.insights.api import router as insights_router
from werkbaar.networks.api import router as networks_router
from werkbaar.reporting.api import router as reporting_router
from werkbaar.scans.api import router as scans_router

from . import errors, listing, tokens
from .imports import router as scan_import_router


class WerkbaarAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = errors.document_errors(super().get_openapi_schema(**kwargs))
        return listing.document(self, tokens.document_scopes(self, schema))


api = WerkbaarAPI(
    title="Werkbaar API",
    version="1",
    description=str(_("Sector covenants, reports, scans, action plans and learning networks.")),
    urls_namespace="api",
    auth=[tokens.TokenAuth(), django_auth],
)
errors.install(api)
api.add_decorator(tokens.enforce)
api.add_decorator(listing.conditional, mode="view")

api.add_router("/covenants/", covenants_router)
api.add_router("/reporting/", reporting_router)
api.add_router("/scan/", scans_router)
api.add_router("/actions/", actions_router)
api.add_router("/networks/", networks_router)
api.add_router("/fund/", fund_router)
api.add_router("/insights/", insights_router)
api.add_router("/fieldwork/", fieldwork_router)
api.add_router("/scan-import/", scan_import_router)

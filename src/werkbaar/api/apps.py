from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "werkbaar.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from werkbaar.core.workflow import transition_applied

        from .webhooks import on_transition

        transition_applied.connect(on_transition, dispatch_uid="werkbaar.api.webhooks")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "werkbaar.core"
    label = "core"
    verbose_name = _("Users, roles and organisations")

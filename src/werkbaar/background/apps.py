from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "werkbaar.background"
    label = "background"
    verbose_name = _("Background work")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from .policy import retry_failed

        task_finished.connect(retry_failed, dispatch_uid="werkbaar.background.retry_failed")

"""Background tasks of the API app: delivering a webhook event, retried with back-off by the worker."""

from werkbaar.background.policy import task

from . import webhooks
from .models import Delivery

ATTEMPTS = 6
BACKOFF = 30.0
#: The error a delivery gets when its webhook was paused before it could be sent (kept in English, like
#: the receivers' own error texts in the log).
PAUSED = "not sent: the webhook was paused"


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; raised so that the worker tries again later."""


@task(attempts=ATTEMPTS, backoff=BACKOFF)
def deliver(delivery_id: int) -> int | None:
    """Post one delivery; a failure is retried (30 s, 1, 2, 4, 8 minutes) and the last one marks it failed."""
    delivery = Delivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status == Delivery.Status.DELIVERED:
        return None
    if not delivery.webhook.active:  # paused after the event was recorded: not sent, and said so in the log
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=PAUSED[:300])
        return None
    if webhooks.attempt(delivery):
        return delivery.response_code
    if delivery.attempts >= ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    raise DeliveryFailed(f"delivery {delivery.pk}: {delivery.response_code or delivery.error}")

"""Pages of machine clients: the user's API tokens (made, listed, revoked) and organisations' webhooks
(registered, changed, paused and resumed, deleted after a confirmation) with their delivery log. Thin:
the rules are in ``tokens.py`` and ``webhooks.py``; every change of a webhook goes into the audit trail."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkbaar.core import audit

from . import tokens
from .forms import TokenForm, WebhookForm, WebhookSettingsForm, administered_organisations
from .models import Webhook
from .tasks import PAUSED


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        token, secret = tokens.create(request.user, d["name"], d["scopes"], d["days"], d["organisation"])
        audit.record(request.user, token, "api_token:create", None, {"name": token.name, "scopes": token.scopes})
        form = TokenForm(user=request.user)
    listed = tokens.tokens_for(request.user).select_related("user", "organisation").order_by("-created_at", "-pk")
    return render(request, "api/tokens.html", {"form": form, "secret": secret, "tokens": listed})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = tokens.tokens_for(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    tokens.revoke(token)
    audit.record(request.user, token, "api_token:revoke", None, {"name": token.name})
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_access:tokens")


def _webhooks_for(user):
    return Webhook.objects.filter(organisation__in=administered_organisations(user)).select_related("organisation")


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request):
    form = WebhookForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        secret = secrets.token_hex(32)
        hook = Webhook.objects.create(organisation=d["organisation"], url=d["url"], events=d["events"], secret=secret,
                                      created_by=request.user)
        audit.record(request.user, hook, "webhook:create", None, {"url": hook.url, "events": hook.events})
        form = WebhookForm(user=request.user)
    return render(request, "api/webhooks.html", {"form": form, "secret": secret, "webhooks": _webhooks_for(request.user)})


def _detail(request, hook: Webhook, form: WebhookSettingsForm):
    page = Paginator(hook.deliveries.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "api/webhook_detail.html", {"webhook": hook, "page": page, "form": form,
                                                       "paused_error": PAUSED})


@login_required
def webhook_detail(request, pk: int):
    hook = get_object_or_404(_webhooks_for(request.user), pk=pk)
    return _detail(request, hook, WebhookSettingsForm(initial={"url": hook.url, "events": hook.events}))


@login_required
@require_POST
def webhook_edit(request, pk: int):
    """Change the address and the events; the secret and the delivery log stay."""
    hook = get_object_or_404(_webhooks_for(request.user), pk=pk)
    form = WebhookSettingsForm(request.POST)
    if not form.is_valid():
        return _detail(request, hook, form)
    before = {"url": hook.url, "events": hook.events}
    hook.url, hook.events = form.cleaned_data["url"], form.cleaned_data["events"]
    hook.save(update_fields=["url", "events"])
    audit.record(request.user, hook, "webhook:update", before, {"url": hook.url, "events": hook.events})
    messages.success(request, _("The webhook is saved; the next events go to this address."))
    return redirect("api_access:webhook", pk=hook.pk)


@login_required
@require_POST
def webhook_active(request, pk: int):
    """Pause (``active=0``) or resume (``active=1``) a webhook."""
    hook = get_object_or_404(_webhooks_for(request.user), pk=pk)
    if request.POST.get("active") not in ("0", "1"):
        messages.error(request, _("Choose to pause or to resume the webhook."))
        return redirect("api_access:webhook", pk=hook.pk)
    active = request.POST["active"] == "1"
    if hook.active != active:
        hook.active = active
        hook.save(update_fields=["active"])
        audit.record(request.user, hook, "webhook:resume" if active else "webhook:pause", None, {"active": active})
    messages.success(request, _("The webhook is active again: new events are sent to it.") if active else
                     _("The webhook is paused: no events are recorded or sent until you resume it."))
    return redirect("api_access:webhook", pk=hook.pk)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_delete(request, pk: int):
    """GET asks for a confirmation; POST deletes the webhook with its delivery log."""
    hook = get_object_or_404(_webhooks_for(request.user), pk=pk)
    if request.method == "GET":
        return render(request, "api/webhook_delete.html", {"webhook": hook, "deliveries": hook.deliveries.count()})
    audit.record(request.user, hook, "webhook:delete", {"url": hook.url}, None)
    hook.delete()
    messages.success(request, _("The webhook is deleted; no more events are sent to it."))
    return redirect("api_access:webhooks")


"""Django admin for the networks app (support staff only; users work in the app's own pages)."""

from django.contrib import admin

from .models import Idea, MenuProposal, Network, Participant, PolicyRecommendation, Session


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ("organisation", "attendee_user", "backup_user")


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("title", "sector", "status", "start", "end")
    list_filter = ("status", "sector")
    search_fields = ("title", "theme")
    inlines = [ParticipantInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("title", "network", "starts_at", "status")
    list_filter = ("status",)


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ("text", "network", "theme", "term", "scope", "status")
    list_filter = ("status", "theme", "term", "scope")


@admin.register(MenuProposal)
class MenuProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "network", "theme", "status")
    list_filter = ("status", "theme")


admin.site.register(PolicyRecommendation)

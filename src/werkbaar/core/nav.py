"""Navigation entries of the core app, and how the header groups every app's entries into menus
(see core.context_processors).

An app's entry lands in the menu whose set names its url name; an entry in no menu stays a link of
its own in the header. A menu with one entry for this user is shown as that plain link.
"""

from django.utils.translation import gettext_lazy as _

from .permissions import is_department, readable_sector_ids, sectors_for_new_organisations

NAV = [
    # (order, label, url name, predicate(user) -> bool)
    (0, _("Home"), "home", lambda user: True),
    # One sector page with tabs (the sector view of the scans, the roll-up of the action plans).
    (41, _("Sector overview"), "sector_index", lambda user: is_department(user) or bool(readable_sector_ids(user))),
    # A new company or sector fund, filled from the enterprise register (department and sector staff).
    (43, _("Add an organisation"), "organisation_add", lambda user: sectors_for_new_organisations(user).exists()),
    # Two-factor authentication (TOTP, passkeys, recovery codes) and the password: allauth's pages.
    (90, _("Sign-in security"), "mfa_index", lambda user: user.is_authenticated),
]

#: Entries replaced by the sector page's tabs (their old URLs redirect to it).
MERGED_INTO_SECTOR_PAGE = frozenset({"insights:sectors", "actions:rollup"})

#: (key, label, url names): the header's menus, in this order (the position of a menu is that of its first entry).
GROUPS = [
    ("follow-up", _("Covenants and reports"), frozenset({
        "covenants:list", "covenants:nondiscrimination", "reporting:portfolio", "reporting:report_list",
        "reporting:signals",
        # issue 17: the consultants' field work, the cross-sector views and the social partners' roles
        "fieldwork:mine", "fieldwork:overview", "fieldwork:cross_workability", "fieldwork:members"})),
    ("workability", _("Workability"), frozenset({
        "scans:campaign_list", "insights:reports", "sector_index", "organisation_add", "actions:menu", "actions:plans", "actions:rollup",
        "fund:index"})),
    # issue 18: the public knowledge platform and the re-integration guide
    ("knowledge", _("Knowledge"), frozenset({"knowledge:index", "knowledge:editor", "werkwijzer:cases",
                                                 "werkwijzer:sessions"})),
    ("account", _("Account"), frozenset({"mfa_index", "privacy:organisations", "privacy:account"})),
]

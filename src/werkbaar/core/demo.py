"""Core demo data: sectors, sector funds, companies and one user per role (idempotent)."""

from .joint_committees import seed_joint_committees
from .models import JointCommittee, Membership, Organisation, Sector, User
from .roles import Role

DEMO_PASSWORD = "werkbaar-demo"

SECTORS = [
    ("vivo", "Social profit (VIVO)", ["318.02", "319.01", "327.01", "329.01", "330", "331"]),
    ("vormdc", "Dienstencheques (Vorm DC)", ["322.01"]),
    ("constructiv", "Bouw (Constructiv)", ["124"]),
]

# name, kind, sector, joint committee, enterprise number, employees, consent to be named
ORGANISATIONS = [
    ("VIVO", "sector_fund", "vivo", None, "0456.789.012", None, True),
    ("Vorm DC", "sector_fund", "vormdc", "322.01", "0479.123.456", None, True),
    ("Constructiv", "sector_fund", "constructiv", "124", "0407.654.321", None, True),
    ("Poetsplus Dienstencheques bv", "company", "vormdc", "322.01", "0812.345.678", 180, True),
    ("Huishoudhulp Noord vzw", "company", "vormdc", "322.01", "0823.456.789", 45, False),
    ("Zorgpunt Oost vzw", "company", "vivo", "318.02", "0834.567.890", 120, False),
    ("Bouwbedrijf De Ploeg nv", "company", "constructiv", "124", "0845.678.901", 60, False),
]

# username, first, last, role, sector code, organisation name
USERS = [
    ("department", "Dirk", "Departement", Role.ACCOUNT_MANAGER, None, None),
    # a second account manager: the knowledge platform's four eyes (whoever submits an item may not publish it)
    ("department.review", "Bieke", "Beoordelaar", Role.ACCOUNT_MANAGER, None, None),
    ("sector.vivo", "Sara", "Sociaal", Role.SECTOR_STAFF, "vivo", None),
    ("sector.vormdc", "Veerle", "Vormdc", Role.SECTOR_STAFF, "vormdc", None),
    ("consultant.vormdc", "Karim", "Consulent", Role.CONSULTANT, "vormdc", None),
    ("consultant.vivo", "Lotte", "Consulent", Role.CONSULTANT, "vivo", None),
    ("company.poetsplus", "Paula", "Poetsplus", Role.COMPANY_ADMIN, None, "Poetsplus Dienstencheques bv"),
    ("delegate.poetsplus", "Dries", "Delegee", Role.UNION_DELEGATE, None, "Poetsplus Dienstencheques bv"),
    ("company.zorgpunt", "Zoë", "Zorgpunt", Role.COMPANY_ADMIN, None, "Zorgpunt Oost vzw"),
]


def valid_enterprise_number(seed: str) -> str:
    """Turn the first 8 digits of ``seed`` into a valid enterprise number (mod-97 check digits)."""
    digits = "".join(c for c in seed if c.isdigit())[:8]
    return f"{digits}{97 - int(digits) % 97:02d}"


def load(stdout) -> None:
    seed_joint_committees(JointCommittee)
    sectors = {}
    for code, name, committees in SECTORS:
        sector, _ = Sector.objects.update_or_create(code=code, defaults={"name": name})
        sector.joint_committees.set(JointCommittee.objects.filter(code__in=committees))
        sectors[code] = sector
    orgs = {}
    for name, kind, sector, jc, number, employees, consent in ORGANISATIONS:
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "sector": sectors[sector],
                "joint_committee": JointCommittee.objects.filter(code=jc).first() if jc else None,
                "enterprise_number": valid_enterprise_number(number),
                "employee_count": employees,
                "consent_named": consent,
            },
        )
    for username, first, last, role, sector, org in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        Membership.objects.get_or_create(
            user=user, role=role, sector=sectors[sector] if sector else (orgs[org].sector if org else None),
            organisation=orgs[org] if org else None,
        )
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()


def demo_logins() -> list[tuple[str, str]]:
    """(username, role) for the login page and `make run`: one per role, plus the admin."""
    seen, rows = set(), []
    for username, _first, _last, role, _sector, _org in USERS:
        if role not in seen:
            seen.add(role)
            rows.append((username, str(role.label)))
    rows.append(("admin", "Django admin (staff)"))
    return rows

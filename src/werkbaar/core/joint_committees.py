"""The joint committees (paritaire comités) Werkbaar knows from the start, as (code, name, parent code)."""

SEED: list[tuple[str, str, str | None]] = [
    ("124", "Bouw", None),
    ("318", "Diensten voor gezins- en bejaardenhulp", None),
    ("318.02", "Gezinszorg (Vlaamse Gemeenschap)", "318"),
    ("319", "Opvoedings- en huisvestingsinrichtingen", None),
    ("319.01", "Vlaamse opvoedings- en huisvestingsinstellingen", "319"),
    ("322", "Uitzendarbeid en erkende ondernemingen voor buurtwerken of -diensten", None),
    ("322.01", "Dienstencheques", "322"),
    ("327", "Beschutte en sociale werkplaatsen", None),
    ("327.01", "Maatwerkbedrijven (Vlaamse Gemeenschap)", "327"),
    ("329", "Sociaal-cultureel werk", None),
    ("329.01", "Sociaal-cultureel werk (Vlaamse Gemeenschap)", "329"),
    ("330", "Gezondheidsinrichtingen en -diensten", None),
    ("330.01", "Private gezondheidsinrichtingen en -diensten", "330"),
    ("330.01.10", "Privé-ziekenhuizen", "330.01"),
    ("330.01.20", "Ouderenzorg", "330.01"),
    ("330.01.30", "Thuisverpleging", "330.01"),
    ("330.01.41", "Revalidatiecentra", "330.01"),
    ("330.01.51", "Centra voor beschut wonen", "330.01"),
    ("330.01.53", "Wijkgezondheidscentra", "330.01"),
    ("330.04", "Residuaire gezondheidsinrichtingen en -diensten", "330"),
    ("331", "Vlaamse welzijns- en gezondheidssector", None),
]


def seed_joint_committees(JointCommittee) -> None:
    """Create or update the seeded committees; parents first (the list is ordered that way)."""
    by_code = {}
    for code, name, parent_code in SEED:
        obj, _created = JointCommittee.objects.update_or_create(
            code=code, defaults={"name": name, "parent": by_code.get(parent_code)}
        )
        by_code[code] = obj

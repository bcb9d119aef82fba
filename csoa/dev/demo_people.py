"""The demo organisations and accounts that seed_demo loads (documented in the README)."""

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - demo accounts only; seed_demo refuses production
# The editors' and staff's authenticator secret, so a demo can log in with any TOTP app.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

DEMO_ORGANISATIONS = [
    ("Northwind Tankers", "shipping_company", ["northwind.example"]),
    ("Blue Anchor Lines", "shipping_company", ["blueanchor.example"]),
    ("Gulf of Guinea Maritime Reporting Centre", "military_reporting_centre", ["ggmrc.example"]),
    ("Maritime Security Industry Forum", "industry_body", ["msif.example"]),
    ("CSOA", "industry_body", ["csoa.example"]),
]

# email, full name, organisation, role ("pending": applied, email verified, not yet vetted)
DEMO_PEOPLE = [
    ("cso@northwind.example", "Maria Jensen", "Northwind Tankers", "member"),
    ("admin@northwind.example", "Lars Holm", "Northwind Tankers", "org_admin"),
    ("applicant@northwind.example", "Tom Baker", "Northwind Tankers", "pending"),
    ("cso@blueanchor.example", "Ade Okafor", "Blue Anchor Lines", "member"),
    ("admin@blueanchor.example", "Priya Nair", "Blue Anchor Lines", "org_admin"),
    (
        "watch@ggmrc.example",
        "Lt Cdr Sophie Martin",
        "Gulf of Guinea Maritime Reporting Centre",
        "member",
    ),
    ("analyst@msif.example", "Kenji Sato", "Maritime Security Industry Forum", "member"),
    ("editor@csoa.example", "Elena Rossi", "CSOA", "editor"),
    ("staff@csoa.example", "Sam Carter", "CSOA", "staff"),
]

# What each demo member does (their application's position).
DEMO_POSITIONS = {
    "cso@northwind.example": "cso",
    "admin@northwind.example": "dpa",
    "cso@blueanchor.example": "cso",
    "admin@blueanchor.example": "manager",
    "watch@ggmrc.example": "naval",
    "analyst@msif.example": "analyst",
    "editor@csoa.example": "analyst",
    "staff@csoa.example": "other",
}

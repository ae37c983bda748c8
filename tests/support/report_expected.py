"""What the seed report (Cambridge City Council, Annual Complaints Report 2019-20) says,
read by hand from the report: our expected output, not a copy of the document.

Service figures: (total complaints, stage 2, independent investigator, % in target,
multi-service, compliments); "-" where the report prints a dash, "-8" where it prints -8.
"""

SERVICE_COLUMNS = (
    "complaints",
    "stage_2",
    "independent_investigator",
    "in_target_percent",
    "multi_service",
    "compliments",
)

# service (section heading) -> (table label, Ombudsman area, {year: figures})
SERVICES = {
    "Greater Cambridge Shared Waste Service": (
        "Waste",
        "Environment Services",
        {
            "2019-20": (398, 16, "-", 82, 9, 13),
            "2018-19": (526, 31, 1, 69, 14, 3),
            "2017-18": (254, 11, "-", 51, 7, 3),
        },
    ),
    "Housing Maintenance & Assets": (
        "Waste",  # sic: the report labels this table "Waste"
        "Housing",
        {
            "2019-20": (175, 14, 2, 95, 11, 12),
            "2018-19": (124, 8, 2, 58, 28, 6),
            "2017-18": (89, 4, 1, 43, 11, 4),
        },
    ),
    "Environmental Services - Streets & Open Spaces": (
        "Streets & Open Spaces",
        "Environment Services",
        {
            "2019-20": (88, 6, 3, 76, 9, 37),
            "2018-19": (100, 2, 4, 59, 11, 29),
            "2017-18": (62, 5, "-", 56, 8, 54),
        },
    ),
    "Environmental Services - Environmental Health": (
        "Environmental Health",
        "Environment Services",
        {
            "2019-20": (12, 3, 1, 67, 2, 2),
            "2018-19": (18, 2, 2, 39, 4, 1),
            "2017-18": (16, 4, 3, 36, 2, "-"),
        },
    ),
    "Greater Cambridge Shared Planning Service": (
        "Planning Services",
        "Planning and Development",
        {
            "2019-20": (111, 11, "-", 41, 2, "-"),
            "2018-19": (18, 2, 2, 39, 4, 1),  # same as Environmental Health's (sic)
            "2017-18": (16, 4, 3, 36, 2, "-"),
        },
    ),
    "Customer Services": (
        None,
        None,
        {
            "2019-20": (29, 2, "-", 93, 8, 29),
            "2018-19": (43, 1, 1, 91, 38, 58),
            "2017-18": (36, "-", "-", 88, 11, 30),
        },
    ),
    "Commercial Services": (
        None,
        None,
        {
            "2019-20": (50, 2, "-", 41, "-", 5),
            "2018-19": (66, 7, "-", 99, 4, 4),
            "2017-18": (38, 2, "-", 71, 2, "-8"),
        },
    ),
    "Revenues & Benefits": (
        None,
        "Benefits and Tax",
        {
            "2019-20": (31, 4, "-", 100, 2, 18),
            "2018-19": (35, 1, 1, 97, 13, 15),
            "2017-18": (41, 1, 2, 94, "-", 26),
        },
    ),
    "Community Services": (
        "Communty Services",  # sic
        None,
        {
            "2019-20": (90, 4, "-", 89, 4, 15),
            "2018-19": (10, 1, "-", 50, 8, 10),
            "2017-18": (11, 1, 1, 70, 2, 27),
        },
    ),
    "Housing Management Services": (
        "Housing Services",
        "Housing",
        {
            "2019-20": (98, 10, 3, 85, 14, 29),
            "2018-19": (100, 16, 4, 75, 32, 21),
            "2017-18": (93, 3, 5, 68, 12, 19),
        },
    ),
}

# The multi-service table has no multi-service or compliments column.
MULTI_SERVICE = {
    "2019-20": (33, 3, 4, 79, None, None),
    "2018-19": (83, 12, 3, 67, None, None),
    "2017-18": (32, 5, 2, 41, None, None),
}

# "The following services have not been reported on in detail": one sentence each, 2019-20.
BRIEF = {
    "Property Services": ("Corporate and Other Services", (2, 0, 0, 100, None, None)),
    "Human Resources": ("Corporate and Other Services", (1, 0, 0, 100, None, None)),
    "Legal Services": ("Corporate and Other Services", (4, 1, 0, 100, None, None)),
    "Finance": ("Corporate and Other Services", (2, 1, 0, 100, None, None)),
    "Building Control": ("Planning and Development", (2, 0, 0, 100, None, None)),
}

YEARS = {
    "2019-20": {
        "period_start": "2019-04-01",
        "period_end": "2020-03-31",
        "total_complaints": 1145,
        "stage_1": 1056,
        "stage_2": 75,
        "independent_investigator": 14,
        "ombudsman": 13,
        "ombudsman_investigated": 4,
        "ombudsman_upheld": 2,
        "resolved_at_stage_1_percent": 92,
        "in_target_percent": 81,
        "in_target_by_stage": {},
        "channels_percent": {"Email & Web": 89, "Telephone": 8, "Face to Face": 2, "Letter": 1},
        "compliments": 164,
        "independent_investigator_partially_upheld": 2,
        "independent_investigator_upheld": 0,
    },
    "2018-19": {
        "period_start": "2018-04-01",
        "period_end": "2019-03-31",
        "total_complaints": 1161,
        "stage_1": None,
        "stage_2": None,
        "independent_investigator": None,
        "ombudsman": 13,
        "ombudsman_investigated": 3,
        "ombudsman_upheld": 3,
        "resolved_at_stage_1_percent": 89,
        "in_target_percent": 76,
        "in_target_by_stage": {},
        "channels_percent": {"Email & Web": 80, "Telephone": 14, "Face to Face": 4, "Letter": 2},
        "compliments": None,
        "independent_investigator_partially_upheld": 5,
        "independent_investigator_upheld": 7,
    },
    "2017-18": {
        "period_start": "2017-04-01",
        "period_end": "2018-03-31",
        "total_complaints": None,
        "stage_1": None,
        "stage_2": None,
        "independent_investigator": None,
        "ombudsman": 19,
        "ombudsman_investigated": 3,
        "ombudsman_upheld": 2,
        "resolved_at_stage_1_percent": 91,
        "in_target_percent": 68,
        "in_target_by_stage": {},
        "channels_percent": {"Email & Web": 86, "Telephone": 6, "Face to Face": 4, "Letter": 2},
        "compliments": None,
        "independent_investigator_partially_upheld": 8,  # printed "1* + 7"
        "independent_investigator_upheld": 1,
    },
}

OMBUDSMAN_CASES = [
    {
        "department": "Revenues & Benefits",
        "ombudsman_service_area": "Benefits and Tax",
        "received": 3,
        "decisions": [
            {"count": 2, "decision": "Closed after initial enquiries"},
            {"count": 1, "decision": "Referred back for local resolution"},
        ],
    },
    {
        "department": "Environmental Services & Public Protection & Regulation",
        "ombudsman_service_area": "Environment Services",
        "received": 4,
        "decisions": [
            {"count": 1, "decision": "Closed after initial enquiries"},
            {"count": 1, "decision": "Referred back for local resolution"},
            {"count": 2, "decision": "Not upheld"},
        ],
    },
    {
        "department": "Housing",
        "ombudsman_service_area": "Housing",
        "received": 2,
        "decisions": [
            {"count": 1, "decision": "Upheld"},
            {
                "count": 1,
                "decision": "Advice given to complainant (signposted to complaints handling)",
            },
        ],
    },
    {
        "department": "Planning & Development",
        "ombudsman_service_area": "Planning and Development",
        "received": 2,
        "decisions": [
            {"count": 1, "decision": "Upheld"},
            {"count": 1, "decision": "Closed after initial enquiries"},
        ],
    },
    {
        "department": "Corporate & Other Services",
        "ombudsman_service_area": "Corporate and Other Services",
        "received": 2,
        "decisions": [{"count": 2, "decision": "Closed after initial enquiries"}],
    },
]
OMBUDSMAN_CASES_TOTAL = {
    "department": "Total",
    "ombudsman_service_area": None,
    "received": 13,
    "decisions": [{"count": 2, "decision": "Upheld"}],
}


def expected_services() -> list[dict]:
    """Every per-service row as ``ServiceYear.to_dict()`` gives it, in report order."""
    rows = []

    def row(service, year, label, area, figures, kind="service", source="table"):
        out = {"service": service, "year": year, "ombudsman_service_area": area}
        dashes = []
        for name, value in zip(SERVICE_COLUMNS, figures, strict=True):
            if value == "-":
                value = 0
                dashes.append(name)
            elif value == "-8":
                value = None  # a negative count is refused (with a warning)
            out[name] = value
        start = int(year[:4])
        out.update(
            table_label=label,
            kind=kind,
            source=source,
            printed_as_dash=dashes,
            period_start=f"{start}-04-01",
            period_end=f"{start + 1}-03-31",
        )
        return out

    for service, (label, area, years) in SERVICES.items():
        for year, figures in years.items():
            rows.append(row(service, year, label, area, figures))
    for year, figures in MULTI_SERVICE.items():
        rows.append(
            row("Multi-Service Complaints", year, None, None, figures, kind="multi-service")
        )
    for service, (area, figures) in BRIEF.items():
        rows.append(row(service, "2019-20", None, area, figures, source="text"))
    return rows

"""One short plain-English definition per public indicator, for the methodology a member of the public reads.

The catalogue's ``definition`` is the technical one (the return's files and columns, for staff and
analysts); these say the same thing in everyday words, without file or column names. A test holds every
public indicator to having one, and none to naming a file or a column.
"""

from __future__ import annotations

PLAIN_DEFINITIONS: dict[str, str] = {
    # Stability and permanence
    "cla_count": (
        "How many children were in the care of the Government of Jersey on the last day of the period."
    ),
    "cla_rate_per_10k": (
        "Children in care for every 10,000 children under 18 living in Jersey, so that years with more or"
        " fewer children on the island can be compared."
    ),
    "started_count": (
        "How many times a child started being in care during the 12 months. A child who came into care "
        "twice is counted twice."
    ),
    "ceased_count": "How many times a child stopped being in care during the 12 months.",
    "placements_3plus_pct": (
        "Of the children in care on the last day, the share who lived in 3 or more different homes during"
        " the 12 months."
    ),
    "long_term_stability_pct": (
        "Of the children under 16 who had been in care for two and a half years or more, the share who "
        "had lived with the same carer for at least 2 years."
    ),
    "foster_placement_pct": (
        "Of the children in care on the last day, the share who lived with foster carers."
    ),
    "residential_placement_pct": (
        "Of the children in care on the last day, the share who lived in a children's home or another "
        "residential home."
    ),
    "off_island_pct": "Of the children in care on the last day, the share who lived outside Jersey.",
    "left_to_permanence_pct": (
        "Of the children who left care during the 12 months, the share who went to a new family for good:"
        " adoption, special guardianship or a child arrangement order."
    ),
    "returned_home_pct": (
        "Of the children who left care during the 12 months, the share who went back to live with their "
        "family."
    ),
    "adoption_days_avg": (
        "For children adopted during the 12 months, the average number of days between coming into care "
        "and moving in with their new family."
    ),
    "social_worker_changes_2plus_pct": (
        "Of the children in care on the last day, the share who had 3 or more different social workers "
        "during the 12 months."
    ),
    # Education
    "absence_rate": (
        "The share of school sessions (half days) that children in care missed during the school year."
    ),
    "persistent_absence_pct": (
        "The share of children in care who missed at least 1 in every 10 school sessions during the "
        "school year."
    ),
    "suspension_pct": (
        "The share of children in care who were suspended from school at least once during the school year."
    ),
    "permanent_exclusion_count": (
        "How many children in care were permanently excluded from school during the school year."
    ),
    "ks2_expected_pct": (
        "Of the children in care finishing primary school with a result, the share who reached the "
        "expected standard."
    ),
    "attainment8_avg": (
        "For children in care finishing secondary school, their average Attainment 8 score: their results"
        " in 8 subjects added up, out of 90."
    ),
    "school_moves_pct": "The share of children in care who changed school in the middle of the school year.",
    "sen_plan_pct": (
        "The share of children in care who had a plan for their special educational needs (an education, "
        "health and care plan)."
    ),
    # Health and wellbeing
    "health_assessment_pct": (
        "Of the children in care for at least a year, the share who had their yearly health check."
    ),
    "dental_check_pct": "Of the children in care for at least a year, the share who had a dental check.",
    "immunisations_pct": (
        "Of the children in care for at least a year, the share who were up to date with their vaccinations."
    ),
    "development_check_pct": (
        "Of the children under 5 in care for at least a year, the share who had their development check."
    ),
    "sdq_avg": (
        "For children aged 4 to 16 in care for at least a year, the average score on a questionnaire "
        "about feelings and behaviour (the SDQ, from 0 to 40; a higher score means more difficulties)."
    ),
    "sdq_concern_pct": (
        "Of the children aged 4 to 16 with a feelings and behaviour score (SDQ), the share whose score "
        "was high enough to be a worry (17 or more)."
    ),
    "substance_misuse_pct": (
        "Of the children in care for at least a year, the share known to have a problem with drugs or "
        "alcohol."
    ),
    # Youth justice and missing
    "convicted_pct": (
        "Of the children aged 10 to 17 in care for at least a year, the share who were found guilty of a "
        "crime or given a youth caution."
    ),
    "missing_pct": "The share of children in care who went missing at least once during the 12 months.",
    "missing_incidents_per_child": (
        "For children in care who went missing during the 12 months, how many times each went missing, on"
        " average."
    ),
    "away_pct": (
        "The share of children in care who were away from their home without permission at least once "
        "during the 12 months."
    ),
    # Care leavers
    "leavers_in_touch_pct": (
        "Of the young people aged 17 to 21 who had left care, the share the service was still in touch with."
    ),
    "leavers_eet_pct": "Of the young people who had left care, the share in education, training or work.",
    "leavers_higher_education_pct": (
        "Of the young people who had left care, the share at university or college."
    ),
    "leavers_neet_pct": (
        "Of the young people who had left care, the share not in education, training or work."
    ),
    "leavers_suitable_accommodation_pct": (
        "Of the young people who had left care, the share living somewhere suitable for them."
    ),
    "leavers_homeless_or_emergency_pct": (
        "Of the young people who had left care, the share who were homeless or in emergency housing, such"
        " as a bed and breakfast."
    ),
    "leavers_pathway_plan_pct": (
        "Of the young people who had left care, the share with an up-to-date plan for their future (a "
        "pathway plan)."
    ),
    "leavers_personal_adviser_pct": (
        "Of the young people who had left care, the share with a personal adviser to help them."
    ),
    "staying_put_pct": (
        "Of the 18-year-olds who had left foster care, the share still living with their former foster "
        "carers."
    ),
    # Voice of the child and practice standards
    "review_participation_pct": (
        "Of the care reviews held during the 12 months, the share in which the child's views were heard."
    ),
    "reviews_on_time_pct": (
        "Of the children in care, the share whose care reviews during the 12 months were all on time."
    ),
    "visits_on_time_pct": (
        "Of the children in care on the last day, the share visited by their social worker in the 6 weeks"
        " before."
    ),
    # Workforce (staff, not children)
    "sw_turnover_pct": "The share of children's social workers who left their job during the 12 months.",
    "sw_vacancy_pct": "The share of children's social worker jobs that were empty on the last day.",
    "sw_agency_pct": (
        "Agency (temporary) social workers as a share of all children's social workers on the last day."
    ),
    "caseload_avg": "How many children's cases each social worker had on average on the last day.",
    "supervision_on_time_pct": "The share of social workers' supervision meetings that happened on time.",
}

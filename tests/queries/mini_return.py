# ruff: noqa: E501 - the CSV text is kept one line a row, as the files are
"""A compact valid return (three children, every file), written as CSV text so each test can break one cell.

``write_mini_return(folder, **changes)`` writes the files; a change replaces a whole file's text, so a failing
example states exactly the line it breaks. Dates are in the past of any test run (2023-2025).
"""

from __future__ import annotations

from pathlib import Path

MINI_RETURN: dict[str, str] = {
    "header.csv": """CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
C1,1,01/05/2010,WBRI,A123456789012,0,
C2,2,15/08/2007,MWBC,,1,02/02/2024
C3,2,2012-03-30,WBRI,,,
""",
    "episodes.csv": """CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN
C1,01/04/2023,S,C2,N1,U4,PR1,10/01/2024,X1,CARPL,JE2,JE3,SC123456
C1,10/01/2024,P,C2,N1,K2,PR4,,,,JE2,SO14,
C2,03/03/2022,S,V2,N2,P1,,01/06/2024,E13,,JE1,,
C3,01/02/2025,S,C1,N4,U1,PR1,,,,JE4,JE4,
""",
    "reviews.csv": """CHILD,DOB,REVIEW,REVIEW_CODE
C1,01/05/2010,01/06/2023,PN1
C1,01/05/2010,01/12/2023,PN2
C3,30/03/2012,01/03/2025,PN0
""",
    "missing.csv": """CHILD,DOB,MISSING,MIS_START,MIS_END
C1,01/05/2010,M,05/07/2023,06/07/2023
C1,01/05/2010,A,05/07/2023,
""",
    "oc2.csv": """CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED,YEAR
C1,01/05/2010,14,,0,1,1,0,1,0,,,2025
C2,15/08/2007,,SDQ5,1,1,0,1,1,1,1,1,2024
""",
    "oc3.csv": """CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,YEAR
C2,15/08/2007,YES,F2,D1,2025
""",
    "education.csv": """CHILD,YEAR,SESSIONS_POSSIBLE,SESSIONS_MISSED,SUSPENSIONS,PERMANENT_EXCLUSION,SEN,KS2_EXPECTED,KS4_ATTAINMENT8,SCHOOL_MOVES
C1,2024,380,21,1,0,K,,,1
C2,2024,370,40,0,0,N,,38.5,0
""",
    "visits.csv": """CHILD,VISIT_DATE
C1,15/04/2023
C1,2023-05-20
C3,03/02/2025
""",
    "leaver_support.csv": """CHILD,YEAR,PATHWAY_PLAN,PERSONAL_ADVISER,STAYING_PUT
C2,2025,1,1,0
""",
    "workforce.csv": """MONTH,SW_FTE,VACANT_FTE,AGENCY_FTE,LEAVERS_FTE,OPEN_CASES,SUPERVISIONS_DUE,SUPERVISIONS_ON_TIME
2024-03,21.5,3,4.25,0.5,310,22,19
2024-04,22,2.5,4,0,305,22,22
""",
    "population.csv": """YEAR,CHILDREN_UNDER_18
2024,18200
2025,18150
""",
    "plan_targets.csv": """INDICATOR,YEAR,BASELINE,TARGET
placements_3plus_pct,2025,12.5,10
placements_3plus_pct,2026,,9.25
""",
    "comparators.csv": """INDICATOR,YEAR,AREA,VALUE,SOURCE
placements_3plus_pct,2024,England,10.1,"DfE, Children looked after in England 2024"
""",
    "services.csv": """SERVICE_ID,NAME,PROVIDER,KIND,ON_ISLAND,OWN_PROVISION,CAPACITY,WEEKLY_COST,CONTRACT_END,INSPECTION_GRADE,INSPECTION_DATE
SC123456,Harbour House,Government of Jersey,CHILDRENS_HOME,1,1,4,4200.5,,GOOD,12/03/2024
JFS01,Fostering Jersey,Government of Jersey,FOSTERING,1,1,40,650,,,
""",
    "inspections.csv": """SERVICE_ID,DATE,GRADE
SC123456,12/03/2024,GOOD
SC123456,20/02/2023,OUTSTANDING
""",
    "service_costs.csv": """SERVICE_ID,EFFECTIVE,WEEKLY_COST
SC123456,01/04/2023,4000
SC123456,01/04/2024,4200.5
""",
}


def write_mini_return(folder: Path, **changes: str) -> Path:
    """Write the mini return into ``folder``; ``header_csv="..."`` replaces header.csv's text, and so on."""
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(MINI_RETURN)
    for key, text in changes.items():
        name = key.removesuffix("_csv") + ".csv"
        assert name in files, f"no file {name} in the return"
        files[name] = text
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def replace_line(file: str, line: int, text: str) -> str:
    """``file``'s text with line ``line`` (1 = header row, as a spreadsheet numbers it) replaced by ``text``."""
    lines = MINI_RETURN[file].splitlines()
    lines[line - 1] = text
    return "\n".join(lines) + "\n"

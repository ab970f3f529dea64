"""The DfE's SSDA903 validation rules of each collection year, as codes (the reference for coverage).

Derived from the per-year registries of the Data to Insight 903 validator (the data officers' open reference):
the 2022/23 list, then what each later year added and removed. Codes and years only; what each rule means is
in the rule modules of this package.
"""

from __future__ import annotations

FIRST_YEAR = 2023

# year: (added, removed), as whitespace-separated codes
_CHANGES: dict[int, tuple[str, str]] = {
    2023: (
        "101 102 103 104 105 112 113 114 115 116 117 118 119 120 131 132 133 134 141 142 143 144 "
        "145 146 147 148 149 151 153 157 158 159 164 165 166 167 168 169 171 174 175 176 177 178 "
        "179 180 181 182 184 185 186 187 188 189 190 191 192 193 196 197B 197a 198 199 202 203 204 "
        "205A 205B 205C 205D 207 208 209 210 213 214 215 217 218 219 221 222 224 225 226 227 228 "
        "229 301 302 303 304 331 333 334 335 336 344 345 351 352 353 354 355 356 357 358 359 361 "
        "362 363 364 365 366 367 370 371 372 373 374 375 376 377 378 379 380 381 382 383 384 385 "
        "386 387 388 389 390 391 392a 392b 392c 392d 393 398 399 406 407 408 411 420 426 431 432 "
        "433 434 435 436 437 440 441 442 445 446 451 452 453 460 501 502 503A 503B 503C 503D 503E "
        "503F 503G 503H 503J 504 511 514 516 517 518 519 520 521 522 523 524 525 526 527 528 529 "
        "530 531 542 543 544 545 546 547 550 551 552 553 554 555 556 557 558 559 560 561 562 563 "
        "564 565 566 567 570 571 574 575 576 577 578 579 580 581 582 583 584 586 601 602 607 611 "
        "612 620 621 624 625 626 628 630 631 632 633 634 635 1000 1001 1002 1003 1004 1005 1006 "
        "1007 1008 1009 1010 1011 1012 1014 1015 3001 EPI INT01 INT02 INT03 INT04 INT05 INT06 INT07 "
        "INT08 INT09 INT11 INT12 INT13 INT14 INT15 INT16 INT17 INT18 INT21 INT31 INT32 INT33 INT34 "
        "INT35 INT36 NoE ",
        "",
    ),
    2024: (
        "217t 230 347 1016 SW01STG1 SW02STG1 SW03STG1 SW04STG1 SW05STG1 SW06STG2 SW07STG2 SW08STG2 "
        "SW09STG2 SW10STG2 SW11aSTG2 SW11bSTG2 SW12STG2 SW13STG1 SW14STG2 ",
        "",
    ),
    2025: (
        "231 232 SW01aSTG1 SW01bSTG1 ",
        "217t 230 370 445 451 555 556 SW01STG1 SW03STG1 SW11aSTG2 SW14STG2 ",
    ),
    2026: (
        "233 234 348 444 454 SW17STG2 ",
        "",
    ),
    2027: (
        "700 701 702 703 704 705 706 707 708 709 710 ",
        "",
    ),
}

# Rules that compare with the previous year's return (they read last year's tables).
PREVIOUS_YEAR = frozenset(
    [
        "1001",
        "1002",
        "1010",
        "348",
        "202",
        "203",
        "204",
        "205A",
        "205B",
        "205C",
        "205D",
        "207",
        "208",
        "452",
        "453",
        "502",
        "503A",
        "503B",
        "503C",
        "503D",
        "503E",
        "503F",
        "503G",
        "503H",
        "503J",
        "559",
        "560",
        "561",
        "562",
        "576",
        "584",
        "624",
        "626",
        "706",
        "NoE",
    ]
)

# Rules that read what the files we load do not hold: the Ofsted provider register (URN details) or the
# postcode directory behind the derived placement distance, placement LA and location.
OUTSIDE_OUR_FILES: dict[str, str] = {
    **dict.fromkeys(("219", "221", "224", "227", "228", "229", "1008"), "the Ofsted provider register"),
    **dict.fromkeys(
        (
            "164",
            "169",
            "179",
            "392a",
            "392c",
            "406",
            "411",
            "420",
            "452",
            "453",
            "454",
            "503G",
            "503H",
            "503J",
            "1015",
        ),
        "the postcode directory (placement distance, LA and location are derived from postcodes)",
    ),
    **dict.fromkeys(
        ("105", "303"),
        "the header's UASC flag, which our header.csv does not carry (uasc.csv is the UASC status)",
    ),
}


def dfe_codes(year: int) -> frozenset[str]:
    """Every DfE rule of collection ``year`` (2023 = 2022/23)."""
    codes: set[str] = set()
    for change_year in sorted(_CHANGES):
        if change_year > year:
            break
        added, removed = _CHANGES[change_year]
        codes = (codes - set(removed.split())) | set(added.split())
    return frozenset(codes)


def years() -> tuple[int, ...]:
    return tuple(sorted(_CHANGES))

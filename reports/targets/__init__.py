"""Targets (sasaran): the rules that derive them from population, computing
a district's targets, and reading them summed upward. Importing and exporting
sheets live in `importing`, `sheets` and `export`; the pages in `views`.

Other code imports from here only what it reads: `coverage_percent` and
`targets_for_areas` (the dashboards), `TargetError` and `compute_targets`."""

from .compute import ComputeResult, TargetError, compute_targets
from .reading import targets_for_areas
from .rules import (
    AGED_15_PLUS,
    BIRTHS,
    DEFAULT_CRUDE_BIRTH_RATE,
    EQUAL_SHARE,
    POPULATION,
    RULES,
    Rule,
    coverage_percent,
    distribute,
    district_figures,
    effective_parameters,
    parameters_from,
)

__all__ = [
    "AGED_15_PLUS",
    "BIRTHS",
    "DEFAULT_CRUDE_BIRTH_RATE",
    "EQUAL_SHARE",
    "POPULATION",
    "RULES",
    "ComputeResult",
    "Rule",
    "TargetError",
    "compute_targets",
    "coverage_percent",
    "distribute",
    "district_figures",
    "effective_parameters",
    "parameters_from",
    "targets_for_areas",
]

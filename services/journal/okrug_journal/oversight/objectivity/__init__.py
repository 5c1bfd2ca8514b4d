"""Objectivity of marks (O2, J3): distributions of marks against the district's, period marks
against their weighted averages, the use of work types and weights."""

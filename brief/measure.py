"""Lengths. PDF, pypdf and the checks work in points (1/72 in); designers
think in millimetres. One definition of the millimetre, for every stage."""

from __future__ import annotations

__all__ = ["MM", "PT"]

#: One point, the unit of PDF coordinates.
PT = 1.0
#: One millimetre in points.
MM = 72 / 25.4

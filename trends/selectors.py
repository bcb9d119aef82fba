"""Reads of the trends, through the access policy: a trend only ever counts the incidents the
viewer may see."""

from __future__ import annotations

from incidents import selectors as incident_selectors
from members.access import Viewer

from .analysis import trend
from .filters import TrendFilter


def trend_filter(viewer: Viewer, params) -> TrendFilter:
    return TrendFilter(params, queryset=incident_selectors.incidents(viewer))


def trend_of(filterset: TrendFilter) -> dict:
    since, until = filterset.period
    return trend(filterset.qs, since=since, until=until)

"""The analytics reports. Each module has ``report(user, filters) ->
Report``: figures computed in SQL over what ``user`` may see, shaped as
tables the pages render, chart and export (analytics.reports.base)."""

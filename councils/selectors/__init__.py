"""Read-side queries for the council pages; views stay thin, averages are computed in SQL.

averages: type averages per year, stated and computed; listings: the /councils/ table, the
compare page's league table and the home page's lists; council_page: everything the council
page reads. The measures themselves are in councils.measures.

Re-exported here for callers outside councils/ (letters.views, the tests)."""

from councils.selectors.averages import latest_type_averages, type_averages
from councils.selectors.listings import council_comparison_rows

__all__ = ["council_comparison_rows", "latest_type_averages", "type_averages"]

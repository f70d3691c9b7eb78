"""Views: the answers shown. ``tables`` (text tables for people, JSON and CSV for scripts),
``charts/`` (figures built by pure functions, written as offline HTML) and ``report`` (a
folder of charts linked from one page)."""

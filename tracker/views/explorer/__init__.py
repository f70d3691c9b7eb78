"""``tracker explore``: the whole log (or a selection of it) in one offline HTML page.

``payload`` gathers what the page holds (events as column arrays, an actor table by
index, each event's history, tags and notes); ``page`` writes the page: plotly.js inlined
once, the hand-written ``explorer.js`` and ``explorer.css``, and the payload as JSON in a
``<script type="application/json">``, under a Content-Security-Policy that lets only those
two scripts run.
"""

"""Charts: ``timeline`` (with ``bins`` above 1,000 events), ``network`` (the contact graph,
a dyad, activity), ``style`` (what they share) and ``html`` (one offline page each).
plotly is imported by the functions that draw: a table needs none of it."""

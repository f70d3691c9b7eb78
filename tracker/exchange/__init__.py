"""Exchange with other tools: ``importing/`` (a file of events into the log, one module per
format, in two steps), ``exporting/`` (a selection of events out, one module per format),
``template`` (the csv both share) and ``registry`` (formats by name). Exchange uses the
library (a ``Tracker``) and the layers below it."""

"""The domain: events (typed, versioned, past-tense), dates, ids, codes, what may enter the
log, the filter of a question, text and name rules. Pure: no I/O, and nothing of tracker
above it is imported here.
"""

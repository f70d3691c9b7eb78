"""Families of wording that unseen readouts, joint statements and wire stories use and the
extractor missed (issue 14): a joint statement released by several after their meeting,
group nouns ("the G7 foreign ministers", "the Co-Chairs"), contacts named in passing ("his
visit to X on October 7", "her calls yesterday with"), long chains of titles before a name,
"hosted X for an official visit", and dates such as "On the evening of February 3". Each
family has its not-event twin (planned, denied) beside it. Fixtures are short texts written
for these tests, in the genre's style; every name in them is invented."""

from __future__ import annotations

from tests.extract.test_unseen import REG, brief
from tracker.extract import propose


def test_a_capital_the_old_table_lacked_is_its_state_but_a_seat_of_bodies_is_not() -> None:
    # every country's capital comes from GeoNames: Dakar and Montevideo were not in the hand table
    text = "Secretary of State Ana Ruiz arrived in Dakar on Monday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-06", [("Ana Ruiz", "visitor"), ("Senegal", "host")])]
    text = "Secretary of State Ana Ruiz landed in Montevideo late on Saturday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-11", [("Ana Ruiz", "visitor"), ("Uruguay", "host")])]
    # an older name kept on purpose
    text = "Secretary of State Ana Ruiz landed in Kiev on Monday."
    props = propose(text, published="2031-10-12", registry=REG)
    assert brief(props) == [("visit", "2031-10-06", [("Ana Ruiz", "visitor"), ("Ukraine", "host")])]
    # Brussels is the EU's and NATO's seat more than Belgium: no visit to the state
    text = "Secretary of State Ana Ruiz arrived in Brussels on Monday."
    assert propose(text, published="2031-10-12", registry=REG) == []

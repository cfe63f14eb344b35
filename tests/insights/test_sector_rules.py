"""Property tests of the sector view's pure rules: suppression on respondents and organisations
together, and fixed periods that never overlap (so no two aggregates can be subtracted)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.analysis import engine
from werkbaar.insights.periods import partition
from werkbaar.insights.services import MIN_ORGANISATIONS

MIN_GROUP = 5

# a band = the respondent counts (behind one figure) of its organisations
bands_strategy = st.lists(
    st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=6), min_size=1, max_size=5
)


@settings(max_examples=300, deadline=None)
@given(bands_strategy)
def test_hidden_bands_hold_enough_organisations_and_respondents(bands):
    respondents = [sum(b) for b in bands]
    organisations = [len(b) for b in bands]
    if sum(organisations) < MIN_ORGANISATIONS or sum(respondents) < MIN_GROUP:
        return  # the overall figure is hidden: nothing to subtract from
    hidden = engine.suppression([(respondents, MIN_GROUP), (organisations, MIN_ORGANISATIONS)])
    shown = set(range(len(bands))) - set(hidden)
    for i in shown:
        assert organisations[i] >= MIN_ORGANISATIONS and respondents[i] >= MIN_GROUP
    if hidden:
        # what total minus the shown bands reveals: never fewer than 3 organisations or 5 respondents
        assert sum(organisations[i] for i in hidden) >= MIN_ORGANISATIONS
        assert sum(respondents[i] for i in hidden) >= MIN_GROUP


day = st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2030, 12, 31))
term = st.tuples(st.sampled_from(["a", "b", "c", "d"]), day, st.integers(0, 1500)).map(
    lambda t: (t[0], t[1], t[1] + datetime.timedelta(days=t[2])))


@settings(max_examples=300, deadline=None)
@given(terms=st.lists(term, max_size=4, unique_by=lambda t: t[0]), first=st.integers(2015, 2030))
def test_periods_never_overlap(terms, first):
    """Two published periods share no day, so no aggregate is another one plus an organisation."""
    periods = partition(terms, range(first, 2031))
    for i, a in enumerate(periods):
        for b in periods[i + 1:]:
            assert a.end < b.start or b.end < a.start, (a, b)
    years = {p.key for p in periods if not p.is_covenant}
    kept = [p for p in periods if p.is_covenant]
    for year in range(first, 2031):
        overlaps = any(p.start.year <= year <= p.end.year for p in kept)
        assert (str(year) in years) is not overlaps

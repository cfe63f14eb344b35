"""Property test: the sector view's two suppression rules together never expose a small set."""

from hypothesis import given, settings
from hypothesis import strategies as st

from werkbaar.analysis import engine
from werkbaar.knowledge.services import MIN_ORGANISATIONS, thin_band_indices

MIN_GROUP = 5

# a band = the respondent counts of its organisations; every included organisation has >= MIN_GROUP
bands_strategy = st.lists(
    st.lists(st.integers(min_value=MIN_GROUP, max_value=60), min_size=1, max_size=6), min_size=1, max_size=5
)


@settings(max_examples=300, deadline=None)
@given(bands_strategy)
def test_hidden_bands_hold_enough_organisations_and_respondents(bands):
    respondents = [sum(b) for b in bands]
    organisations = [len(b) for b in bands]
    if sum(organisations) < MIN_ORGANISATIONS:
        return  # the whole instrument is suppressed before any band is looked at
    hidden = engine.suppress(respondents, MIN_GROUP) | thin_band_indices(organisations)
    shown = set(range(len(bands))) - hidden
    for i in shown:
        assert organisations[i] >= MIN_ORGANISATIONS and respondents[i] >= MIN_GROUP
    if hidden:
        # what total minus the shown bands reveals: never fewer than 3 organisations or 5 respondents
        assert sum(organisations[i] for i in hidden) >= MIN_ORGANISATIONS
        assert sum(respondents[i] for i in hidden) >= MIN_GROUP

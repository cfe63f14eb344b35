"""URLs of the WerkWijzer facilitator mode (group sessions with votes from phones)."""

urlpatterns: list = []

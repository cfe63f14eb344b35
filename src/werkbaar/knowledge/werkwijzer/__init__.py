"""WerkWijzer, the re-integration guide (issue 18; seed 004): the trajectory as data and interactive cases."""

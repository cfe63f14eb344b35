"""Privacy: retention rules and the scheduled purge, organisation export and erasure, and a person's own
account export and deletion (docs/privacy.md)."""

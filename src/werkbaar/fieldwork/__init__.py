"""The consultant's field-work log: contacts with companies, follow-ups, counts for covenant indicators."""

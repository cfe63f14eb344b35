"""Workability scans: campaigns, anonymous access codes, the respondent's questionnaire and responses."""

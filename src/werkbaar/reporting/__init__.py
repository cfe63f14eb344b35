"""Covenant reporting, evaluation and payment: templates, reports, reviews, reminders and the portfolio."""

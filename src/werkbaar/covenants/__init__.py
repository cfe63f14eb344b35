"""Sector covenants: priorities, result indicators, actions, addenda, consultants and grant settlement."""

"""Insights from scans: reference figures and the analysis reports built on scan results (formerly the app `knowledge`)."""

"""Models of the scans app."""

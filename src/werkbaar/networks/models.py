"""Models of the networks app."""

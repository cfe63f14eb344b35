"""Knowledge: reference figures and the analysis reports built on scan results."""

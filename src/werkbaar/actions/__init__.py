"""From finding to action: the inspiration menu, suggestions from a scan and company action plans."""

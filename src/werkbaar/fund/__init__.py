"""The workability fund: applications for co-financing of scans, actions and coaching."""

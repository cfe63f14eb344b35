"""Learning networks: participants, intake, sessions, attendance, the recommendations board and reports."""

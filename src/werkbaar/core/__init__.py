"""Users, roles, organisations, sectors and joint committees; audit trail and workflow engine."""

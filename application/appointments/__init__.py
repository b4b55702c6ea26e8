"""Use-cases of companies, staff, event types, assignments, availability and appointments."""

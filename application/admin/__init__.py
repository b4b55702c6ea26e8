"""The operator's read models and tools: system counts, the availability overview, the
staff x event-type matrix, and the demo data."""

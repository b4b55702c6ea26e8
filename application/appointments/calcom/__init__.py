"""Cal.com: connecting a company, syncing its event types and team, and its busy times and
bookings in availability."""

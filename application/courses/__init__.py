"""Use-cases of courses and bookings: create and list courses, book, cancel, waitlist."""

"""Courses and the seats in them: capacity, bookings and their states, tickets, the waitlist.
The never-overbook rule lives on the ``Course`` aggregate (``course.py``)."""

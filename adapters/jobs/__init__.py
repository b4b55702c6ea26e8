"""The scheduler loop, driven by the ``schedule`` library."""

"""Public holidays behind the ``HolidayCalendar`` port: ``holidays``, the holidays library."""

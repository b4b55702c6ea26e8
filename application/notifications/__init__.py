"""Telling customers: messages written to the outbox in the transaction of the change they report
(``outbox.enqueue``), sent afterwards by the :class:`~.dispatcher.Dispatcher`, reminders queued
by a job (``reminders.py``), and the outbox for the studio's admin (``review.py``)."""

"""What studiobook tells customers, and when it tries again: the message kinds, the
:class:`~studiobook.domain.notifications.messages.Message` a use-case puts in the outbox, and the
retry rule for a send that failed (``delivery.py``)."""

"""Recurrences behind the ``Recurrence`` port: ``dateutil``, RFC 5545 rules by python-dateutil."""

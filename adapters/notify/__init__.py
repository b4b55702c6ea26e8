"""Notifier adapters: the e-mails (text in German or English from the gettext catalogues in
``locale/``, a calendar file, the manage link) and how they leave — SMTP, or ``.eml`` files in a
folder for development."""

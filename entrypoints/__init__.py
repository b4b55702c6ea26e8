"""The edges people and programs use: the ``studiobook`` CLI and the admin web app."""

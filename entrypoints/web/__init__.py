"""The admin web app: server-rendered pages and a JSON API over the same use-cases as the CLI.

Nothing is built at import time: :func:`studiobook.entrypoints.web.app.create_app` takes a container and the
access settings, so each test (and each ``studiobook serve``) gets its own app.
"""

"""The public booking API under ``/api/v1`` (SPEC 6): anonymous customers book seats in courses
and appointments, and manage them afterwards with the token the answer gave them.

Built per app by :func:`studiobook.entrypoints.web.public.routes.router` (nothing at import time);
errors are ``{"error": {"code", "message"}}`` (:mod:`.errors`).
"""

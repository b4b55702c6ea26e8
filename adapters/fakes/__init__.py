"""Loopback fakes of the outside services, for the tests and ``studiobook serve --demo``.

Each fake speaks a service's wire contract (SPEC 3.1 WODIFY in ``wodify/``, SPEC 3.2 Cal.com in
``calcom/``) over real HTTP on 127.0.0.1 on a free port, with seeded data, fault injection and a
log of the requests; :mod:`~studiobook.adapters.fakes.http` is the one server base they share.
These are stand-ins, never production adapters: no plugin registers them, and the production
adapters (``adapters/wodify``, ``adapters/calcom``) never import them.
"""

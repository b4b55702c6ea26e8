"""The ``studiobook`` command line. Modules import only click at the top, so ``--help`` is fast;
the container (SQLAlchemy, plugins) is built on first use by a command."""

"""The studio's rules, free of any framework: standard library only, no I/O, no clock reads.

Time always arrives as an argument; the database, HTTP and the clock live behind ports in
``application`` and are supplied by ``adapters``.
"""

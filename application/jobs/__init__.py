"""Recurring background work: the job runner that runs what is due, once, across processes.
("Jobs" are background work; "appointments" are staff time.)"""

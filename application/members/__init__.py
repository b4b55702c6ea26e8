"""Use-cases of members and leads, and the WODIFY sync that keeps the local copy."""

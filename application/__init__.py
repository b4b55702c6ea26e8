"""Use-cases, the ports they need, hook specifications and the wiring container."""

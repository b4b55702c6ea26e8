"""An example studiobook plugin: an ICS-file calendar gateway and a cancellation listener."""

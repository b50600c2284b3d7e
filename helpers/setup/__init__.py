"""Getting the course ready on this machine: an engine, the base images and the registry server."""

"""The host side of a container: its processes, its namespaces and its resource limits."""

"""The engine's objects the course's way: containers, images, builds, volumes, networks, the registry.

Every object the course makes carries the course label, and :mod:`.cleanup` removes only those.
"""

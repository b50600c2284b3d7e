"""Widgets that show the live engine at work, for the notebooks and labs."""

from .progress import Progress

__all__ = ["Progress"]

"""Fitness Coach core: frames to landmarks, angles and coaching, with no Qt anywhere."""

__version__ = "0.1.0"

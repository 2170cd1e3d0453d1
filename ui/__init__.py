"""Fitness Coach desktop app (PySide6): windows, widgets and the worker threads."""

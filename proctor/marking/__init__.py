"""Marking: rules, the code sandbox, the worker pool, analytics and similarity (Qt-free)."""

"""Prefect flows: thin orchestration over ``governance``."""

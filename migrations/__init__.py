"""Alembic's environment (env.py), the revisions (versions/) and the shapes they share."""

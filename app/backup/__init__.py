"""Backups of the database (SQLite online backup, pg_dump) and their restore."""

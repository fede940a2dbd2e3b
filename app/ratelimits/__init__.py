"""Abuse limits: fixed-window counters per IP and per account."""

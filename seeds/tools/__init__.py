"""Maintenance scripts for the seed content."""

"""Blueprints: parse the request, call a service, commit once, render."""

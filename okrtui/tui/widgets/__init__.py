"""Widgets shared by the dashboard, the detail screens and the meeting runner."""

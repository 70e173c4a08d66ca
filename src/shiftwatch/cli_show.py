"""CLI commands of the analysis and show stages (timeline, shifts, report, serve)."""

"""Scoring the stages against gold files (spec/gold.md): what `shiftwatch eval` prints."""

"""documents use-cases."""

"""org use-cases."""

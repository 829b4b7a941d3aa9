"""evidence use-cases."""

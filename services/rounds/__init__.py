"""rounds use-cases."""

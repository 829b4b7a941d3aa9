"""demo use-cases."""

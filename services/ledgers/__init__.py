"""ledgers use-cases."""

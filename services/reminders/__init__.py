"""Reminders: each department's items due soon and overdue, delivered through an outbox to
group robots (企业微信, 钉钉) and e-mail."""

"""Talking to the hub: the sync engine (order, idempotency keys, backoff), the push
table, and the errors the transport raises."""

"""Everything the terminal keeps on disk: the offline catalog store and its search index,
later the outbox and the sync client. Never imports ``kiosk`` or ``drivers``."""

"""The hall hub: a small HTTP service holding what terminals share (the hall's queue,
the published catalog, cases and evaluations sent up, terminal health). It shares only
``offline_cache.wire`` (the sync protocol's messages) with the terminals."""

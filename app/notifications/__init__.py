"""Who hears what by mail: authors on every curation decision (a hook of the engine), curators'
daily queue digest, government editors' capacity freshness ladder, and saved-search digests."""

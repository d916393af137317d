"""Discovery, the incremental diff, and one reader per format."""

"""The desktop side of issue 13: measures that decide a level, what a document proves, reading."""

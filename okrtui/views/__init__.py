"""View models for the screens: read the Store once, return plain values. No Textual here."""

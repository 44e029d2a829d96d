"""OKR models and pure rules. No Textual, no SQL."""

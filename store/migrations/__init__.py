"""Schema migrations, one module each: mNNNN_short_name.py defining SQL or apply(db)."""

"""A realistic demo dataset built from the seed documents, loaded through the API."""

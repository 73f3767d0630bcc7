"""Project scaffolding: compute what ``wrapper init`` writes, then write it safely."""

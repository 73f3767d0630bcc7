"""The hosted page: what is uploaded, with which headers, and how the bucket is kept in step."""

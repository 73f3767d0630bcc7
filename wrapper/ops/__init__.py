"""Day-2 operations: the stage's secret, its functions' logs, and a health check of the setup."""

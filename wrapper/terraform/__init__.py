"""Terraform: render the stage's configuration (pure) and drive the engine (edge)."""

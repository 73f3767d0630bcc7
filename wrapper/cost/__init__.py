"""What a multiplayer backend would cost on AWS, metered from real traffic through `wrapper dev`."""

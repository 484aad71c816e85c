"""Models of this app arrive with their issue."""

"""A local stand-in for the slice of the PingFederate admin API this project touches."""

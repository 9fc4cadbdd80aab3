"""Helpers shared by every test room: the real Terraform with the provider mirror, and a pf-local server."""

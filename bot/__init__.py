"""Partnerbot wiring: configuration, command line, application factory."""

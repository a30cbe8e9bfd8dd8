"""Content store and question answering for Partnerbot.

Nothing here imports ``telegram``: the store, the validator and the answering
engine are plain Python, usable from the command line and in tests.
"""

"""The PostgreSQL implementation of the storage contract (selected by ``DATABASE_URL``).

Same repositories, same promises as the files (``tests/test_store_contract.py``):
reads are served from memory, loaded at start; a change is made in memory and
acknowledged once the transaction holding it has committed. The tables are
created and migrated by the bot itself (``store.pg.migrations``).
"""

-- The keys each live glossary entry is filed under (galley_core's
-- Entry::keys): an article's QA check reads only the entries filed under
-- its own keys, so no server holds the whole glossary. Kept in the
-- transaction of every change to the glossary; entries that have none
-- (all of them, on the first start after this migration) are filed when
-- the store migrates.
CREATE TABLE glossary_keys (
    key TEXT NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES glossary_entries(id),
    PRIMARY KEY (key, entry_id)
);
CREATE INDEX glossary_keys_entry ON glossary_keys (entry_id);

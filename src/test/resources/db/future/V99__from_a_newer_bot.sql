-- A migration only a newer version of the bot would have: StoreOpenTest applies it to a test
-- database to stand for "a newer livemap-bot upgraded this schema".
CREATE TABLE from_a_newer_bot (id INTEGER);

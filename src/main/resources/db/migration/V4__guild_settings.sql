-- Schema version 4: multi-community hosting (hosting.mode=multi). Portable SQL, no placeholders.
--
-- One row per guild that set the bot up with /livemap. api_key_enc is the guild's Sonoran API key
-- encrypted with store.encryptionKey (livemapbot.store.KeyCipher: "v1:" + base64 of AES-256-GCM
-- nonce, ciphertext and tag, bound to the guild id); the key is never stored in clear. Role ids are
-- comma-separated lists ('' = none). Times are BIGINT milliseconds since the epoch (UTC).
-- left_at: when the bot was removed from the guild (NULL while it is there); the row is deleted
-- hosting.retentionDays later unless the bot is invited again.
--
-- Which key encrypted the store is checked with a canary row in store_meta, name
-- 'encryption_key_check' (written by the first start in multi mode), so a wrong key is refused at
-- start whether or not any guild is set up yet. The guild's other rows (revisions, previews, known
-- lists, deploy gate) use the community key 'guild:<guild id>'.
CREATE TABLE guild_settings (
    guild_id            BIGINT PRIMARY KEY,
    community_id        TEXT   NOT NULL,
    api_key_enc         TEXT   NOT NULL,
    api_version         TEXT   NOT NULL CHECK (api_version IN ('v1', 'v2')),
    view_role_ids       TEXT   NOT NULL,
    edit_role_ids       TEXT   NOT NULL,
    deploy_role_ids     TEXT   NOT NULL,
    announce_channel_id BIGINT,
    audit_channel_id    BIGINT,
    plan                TEXT,
    verified_at         BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    left_at             BIGINT
);
CREATE INDEX guild_settings_left ON guild_settings (left_at);

-- Workspaces installed through "Add to Slack" (many-workspace mode): each
-- one's bot token, sealed (vault: AES-256-GCM, the team id as additional
-- data), never in clear. With token rotation the refresh token is sealed
-- too and the access token expires.

-- +goose Up
CREATE TABLE installations (
    team_id        text        PRIMARY KEY CHECK (team_id ~ '^[TE][A-Z0-9]{2,}$'),
    enterprise_id  text        NOT NULL DEFAULT '',
    team_name      text        NOT NULL DEFAULT '' CHECK (length(team_name) <= 200),
    app_id         text        NOT NULL DEFAULT '',
    bot_user_id    text        NOT NULL,
    scope          text        NOT NULL DEFAULT '',
    installer_id   text        NOT NULL,
    bot_token      bytea       NOT NULL,
    refresh_token  bytea,
    expires_at     timestamptz,
    installed_at   timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((refresh_token IS NULL) = (expires_at IS NULL))
);
CREATE INDEX installations_expires_at_idx ON installations (expires_at) WHERE expires_at IS NOT NULL;

-- The one-time state of an install begun on /slack/install: only its
-- SHA-256 is kept, and it is deleted when used.
CREATE TABLE oauth_states (
    state_hash bytea       PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE oauth_states;
DROP TABLE installations;

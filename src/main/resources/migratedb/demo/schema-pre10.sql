-- The demo source: a realistic sample of an access-management server's database (PassTrix-like).
-- Loaded into an embedded PostgreSQL by './run.sh demo'. Sizes scale with :audit_rows (set by the loader).
-- The variant for PostgreSQL 9.6 ('./run.sh demo --pg-version 9.6'): resources.id is a bigserial, as identity
-- columns came with PostgreSQL 10; everything else is the same as schema.sql.
CREATE TYPE account_kind AS ENUM ('local', 'domain', 'service');

CREATE TABLE users (
    id            serial PRIMARY KEY,
    login         varchar(100) NOT NULL UNIQUE,
    full_name     text,
    email         varchar(255) UNIQUE,
    is_admin      boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login    timestamp,
    failed_logins smallint NOT NULL DEFAULT 0
);
COMMENT ON TABLE users IS 'People who sign in to the access manager';

CREATE TABLE resources (
    id            bigserial PRIMARY KEY,
    name          varchar(200) NOT NULL,
    resource_type varchar(50) NOT NULL DEFAULT 'server',
    host          inet,
    description   text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resources_name_idx ON resources (name);

CREATE TABLE accounts (
    id                  bigserial PRIMARY KEY,
    resource_id         bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    login_name          varchar(100) NOT NULL,
    kind                account_kind NOT NULL DEFAULT 'local',
    password            bytea NOT NULL,
    password_changed_at timestamptz,
    notes               text,
    UNIQUE (resource_id, login_name)
);

CREATE TABLE user_resource_grants (
    user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource_id bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    permission  varchar(20) NOT NULL CHECK (permission IN ('view', 'use', 'manage')),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, resource_id)
);

CREATE TABLE audit_trail (
    id          bigserial PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    user_id     integer REFERENCES users (id) ON DELETE SET NULL,
    action      varchar(50) NOT NULL,
    resource_id bigint,
    details     jsonb,
    client_ip   inet,
    success     boolean NOT NULL,
    duration_ms numeric(10, 3)
);
CREATE INDEX audit_trail_occurred_idx ON audit_trail (occurred_at DESC);
CREATE INDEX audit_trail_user_idx ON audit_trail (user_id, occurred_at);

CREATE TABLE personal_passwords (
    id       serial PRIMARY KEY,
    user_id  integer NOT NULL REFERENCES users (id),
    title    varchar(200) NOT NULL,
    secret   bytea NOT NULL,
    url      text
);
COMMENT ON TABLE personal_passwords IS 'Users'' own passwords: never migrated, exported and re-imported by each user';

CREATE TABLE app_settings (
    setting_key   varchar(100) PRIMARY KEY,
    setting_value text,
    updated_at    timestamp NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    user_id    integer NOT NULL REFERENCES users (id),
    key_hash   bytea NOT NULL,
    expires_on date,
    scopes     text[],
    rate_limit real,
    weight     double precision
);

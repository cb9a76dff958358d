-- Deterministic sample data (setseed), so two demo runs move the same rows.
SELECT setseed(0.42);

INSERT INTO users (login, full_name, email, is_admin, created_at, last_login, failed_logins)
SELECT 'user' || g,
       (ARRAY['Anna','Bruno','Chen','Dörte','Émile','Fatima','Giorgos','Hana','Ivan','Jürgen'])[1 + g % 10]
           || ' ' || (ARRAY['Müller','García','Øster','Nakamura','O''Brien','Kowalski','Smith','Łukasz'])[1 + g % 8],
       CASE WHEN g % 17 = 0 THEN NULL ELSE 'user' || g || '@example.com' END,
       g % 50 = 0,
       timestamptz '2020-01-01 00:00:00+00' + (g || ' hours')::interval,
       CASE WHEN g % 5 = 0 THEN NULL ELSE timestamp '2026-01-01 08:00:00' + (g || ' minutes')::interval END,
       (g % 4)::smallint
FROM generate_series(1, 2000) g;

INSERT INTO resources (name, resource_type, host, description, created_at)
SELECT 'srv-' || lpad(g::text, 5, '0'),
       (ARRAY['server','database','network','cloud'])[1 + g % 4],
       ('10.' || (g / 65536) % 256 || '.' || (g / 256) % 256 || '.' || g % 256)::inet,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'Resource ' || g || ' — managed by team ' || (g % 12) END,
       timestamptz '2021-06-01 00:00:00+00' + (g || ' minutes')::interval
FROM generate_series(1, 5000) g;

INSERT INTO accounts (resource_id, login_name, kind, password, password_changed_at, notes)
SELECT 1 + (g % 5000), 'acct' || g,
       (ARRAY['local','domain','service'])[1 + g % 3]::account_kind,
       decode(md5('secret-' || g) || md5('iv-' || g), 'hex'),
       CASE WHEN g % 7 = 0 THEN NULL ELSE timestamptz '2025-03-01 12:00:00+00' + (g || ' seconds')::interval END,
       CASE WHEN g % 11 = 0 THEN 'rotated by policy ✓' END
FROM generate_series(1, 20000) g;

INSERT INTO user_resource_grants (user_id, resource_id, permission, granted_at)
SELECT DISTINCT ON (u, r) u, r, (ARRAY['view','use','manage'])[1 + (u + r) % 3],
       timestamptz '2024-01-01 00:00:00+00' + ((u * r) % 100000 || ' seconds')::interval
FROM (SELECT 1 + (g % 2000) AS u, 1 + ((g * 7) % 5000) AS r FROM generate_series(1, 30000) g) x;

INSERT INTO audit_trail (occurred_at, user_id, action, resource_id, details, client_ip, success, duration_ms)
SELECT timestamptz '2025-01-01 00:00:00+00' + (g * 13 || ' seconds')::interval,
       CASE WHEN g % 97 = 0 THEN NULL ELSE 1 + (g % 2000) END,
       (ARRAY['login','logout','view-password','copy-password','session-start','session-end','grant','revoke'])[1 + g % 8],
       CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + (g % 5000) END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE jsonb_build_object('browser', (ARRAY['firefox','chrome','edge'])[1 + g % 3],
            'attempt', g % 5, 'note', CASE WHEN g % 1000 = 0 THEN 'unusual ⚠ access' END) END,
       ('192.168.' || (g / 256) % 256 || '.' || g % 256)::inet,
       g % 23 <> 0,
       round((g % 100000) / 7.0, 3)
FROM generate_series(1, :audit_rows) g;

INSERT INTO personal_passwords (user_id, title, secret, url)
SELECT 1 + (g % 2000), 'My password ' || g, decode(md5('personal-' || g), 'hex'),
       CASE WHEN g % 2 = 0 THEN 'https://intranet.example.com/' || g END
FROM generate_series(1, 3000) g;

INSERT INTO app_settings (setting_key, setting_value, updated_at) VALUES
    ('session.timeout.minutes', '30', timestamp '2026-01-02 10:00:00'),
    ('password.policy', '{"min": 14, "symbols": true}', timestamp '2026-01-02 10:00:00'),
    ('mail.from', 'access-manager@example.com', timestamp '2026-02-03 11:30:00'),
    ('banner', 'Authorised use only — Zugriff nur für Berechtigte', timestamp '2026-02-03 11:30:00');

INSERT INTO api_keys (id, user_id, key_hash, expires_on, scopes, rate_limit, weight)
SELECT md5('key-' || g)::uuid, 1 + (g % 2000), decode(md5('hash-' || g), 'hex'),
       CASE WHEN g % 3 = 0 THEN NULL ELSE date '2027-01-01' + g END,
       CASE WHEN g % 2 = 0 THEN ARRAY['read', 'write'] ELSE ARRAY['read', NULL] END,
       (g % 100) / 4.0, g / 3.0
FROM generate_series(1, 500) g;

ANALYZE;

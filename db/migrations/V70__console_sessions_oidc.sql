-- Console logins through an OpenID Connect provider (issue 11): the session names the provider's user and keeps the
-- role and teams its ID token gave at login, as there is no api_token row behind it. A session is either a token's
-- (its role and teams are the token's, and revoking the token ends it) or a user's, never both nor neither.
ALTER TABLE console_session ALTER COLUMN token_name DROP NOT NULL;
ALTER TABLE console_session ADD COLUMN user_name text;
ALTER TABLE console_session ADD COLUMN user_role text;
ALTER TABLE console_session ADD COLUMN user_teams text[];
ALTER TABLE console_session ADD CONSTRAINT console_session_token_or_user
    CHECK ((token_name IS NULL) <> (user_name IS NULL)
       AND (user_name IS NULL OR user_role IN ('viewer', 'developer', 'operator', 'admin')));

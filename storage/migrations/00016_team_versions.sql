-- What resolving typed names needs (clients, departments, people's
-- departments, rates) is read by nearly every command and changes rarely,
-- so each replica keeps it in memory, tagged with the workspace's version.
-- Every change to those tables, whoever makes it, bumps the version in
-- the same transaction; a command reads the version (one primary-key
-- lookup) and uses its copy only while they are equal.

-- +goose Up
CREATE TABLE team_versions (
    team_id text   PRIMARY KEY,
    version bigint NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION bump_team_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    team text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        team := OLD.team_id;
    ELSE
        team := NEW.team_id;
    END IF;
    INSERT INTO team_versions (team_id, version) VALUES (team, 1)
    ON CONFLICT (team_id) DO UPDATE SET version = team_versions.version + 1;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER clients_version AFTER INSERT OR UPDATE OR DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION bump_team_version();
CREATE TRIGGER departments_version AFTER INSERT OR UPDATE OR DELETE ON departments
    FOR EACH ROW EXECUTE FUNCTION bump_team_version();
CREATE TRIGGER people_version AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION bump_team_version();
CREATE TRIGGER department_rates_version AFTER INSERT OR UPDATE OR DELETE ON department_rates
    FOR EACH ROW EXECUTE FUNCTION bump_team_version();

-- +goose Down
DROP TRIGGER department_rates_version ON department_rates;
DROP TRIGGER people_version ON people;
DROP TRIGGER departments_version ON departments;
DROP TRIGGER clients_version ON clients;
DROP FUNCTION bump_team_version();
DROP TABLE team_versions;

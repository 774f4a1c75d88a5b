-- The /hours reply shows the person's minutes on the client this week.
-- Summing the entries made each /hours read all of that person's entries
-- of the week, more with every one they log (at 1,000 a second from 50
-- people, 1,200 each after a minute, and PostgreSQL's CPU per command
-- grew with them). So the totals are kept, per person, client and week
-- (starting Monday, as ledger.WeekOf), by a trigger on time_entries: every
-- insert, undo, import, edit or delete changes them in the same
-- transaction, whoever makes it. A total that falls to nothing is
-- deleted, so an erased client or person leaves no row behind.

-- +goose Up
CREATE TABLE week_minutes (
    team_id   text   NOT NULL,
    user_id   text   NOT NULL,
    client_id bigint NOT NULL,
    week      date   NOT NULL, -- the Monday
    minutes   bigint NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (team_id, user_id, client_id, week)
);

-- +goose StatementBegin
CREATE FUNCTION count_week_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
        DELETE FROM week_minutes
        WHERE team_id = OLD.team_id AND user_id = OLD.user_id AND client_id = OLD.client_id
          AND week = date_trunc('week', OLD.worked_on)::date AND minutes <= OLD.minutes;
        IF NOT FOUND THEN
            UPDATE week_minutes SET minutes = minutes - OLD.minutes
            WHERE team_id = OLD.team_id AND user_id = OLD.user_id AND client_id = OLD.client_id
              AND week = date_trunc('week', OLD.worked_on)::date;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
        INSERT INTO week_minutes (team_id, user_id, client_id, week, minutes)
        VALUES (NEW.team_id, NEW.user_id, NEW.client_id, date_trunc('week', NEW.worked_on)::date, NEW.minutes)
        ON CONFLICT (team_id, user_id, client_id, week)
        DO UPDATE SET minutes = week_minutes.minutes + EXCLUDED.minutes;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER time_entries_week_minutes
AFTER INSERT OR DELETE OR UPDATE OF team_id, user_id, client_id, worked_on, minutes, deleted_at ON time_entries
FOR EACH ROW EXECUTE FUNCTION count_week_minutes();

INSERT INTO week_minutes (team_id, user_id, client_id, week, minutes)
SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date, sum(minutes)
FROM time_entries WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

-- +goose Down
DROP TRIGGER time_entries_week_minutes ON time_entries;
DROP FUNCTION count_week_minutes();
DROP TABLE week_minutes;

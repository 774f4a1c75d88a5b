-- The /hours reply shows the person's minutes on the client this week.
-- Summing the entries made each /hours read all of that person's entries
-- of the week, more with every one they log (at 1,000 a second from 50
-- people, 1,200 each after a minute, and PostgreSQL's CPU per command
-- grew with them). So the totals are kept, per person, client and week
-- (starting Monday, as ledger.WeekOf), by triggers on time_entries: every
-- insert, undo, import, edit or delete changes them in the same
-- transaction, whoever makes it. A total that falls to nothing is
-- deleted, so an erased client or person leaves no row behind.

-- +goose Up
CREATE TABLE week_minutes (
    team_id   text   NOT NULL,
    user_id   text   NOT NULL,
    client_id bigint NOT NULL,
    week      date   NOT NULL, -- the Monday
    minutes   bigint NOT NULL, -- no CHECK: an upsert checks the proposed row, and a change may be negative
    PRIMARY KEY (team_id, user_id, client_id, week)
);

-- Statement-level, with the statement's rows as transition tables: an
-- import's one INSERT of 100,000 rows changes each total once, not
-- 100,000 times. An update that changes no counted column nets to
-- nothing and writes nothing.
-- +goose StatementBegin
CREATE FUNCTION keep_week_minutes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO week_minutes AS w (team_id, user_id, client_id, week, minutes)
        SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date, sum(minutes)
        FROM new_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4
        ON CONFLICT (team_id, user_id, client_id, week) DO UPDATE SET minutes = w.minutes + EXCLUDED.minutes;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO week_minutes AS w (team_id, user_id, client_id, week, minutes)
        SELECT team_id, user_id, client_id, week, sum(m) FROM (
            SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date AS week, minutes AS m
            FROM new_rows WHERE deleted_at IS NULL
            UNION ALL
            SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date, -minutes
            FROM old_rows WHERE deleted_at IS NULL
        ) change GROUP BY 1, 2, 3, 4 HAVING sum(m) <> 0
        ON CONFLICT (team_id, user_id, client_id, week) DO UPDATE SET minutes = w.minutes + EXCLUDED.minutes;
    ELSE -- DELETE
        UPDATE week_minutes w SET minutes = w.minutes - g.minutes
        FROM (SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date AS week, sum(minutes) AS minutes
              FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4) g
        WHERE (w.team_id, w.user_id, w.client_id, w.week) = (g.team_id, g.user_id, g.client_id, g.week);
    END IF;
    DELETE FROM week_minutes w
    USING (SELECT DISTINCT team_id, user_id, client_id, date_trunc('week', worked_on)::date AS week FROM old_rows) k
    WHERE (w.team_id, w.user_id, w.client_id, w.week) = (k.team_id, k.user_id, k.client_id, k.week) AND w.minutes <= 0;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER time_entries_week_minutes_insert AFTER INSERT ON time_entries
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION keep_week_minutes();
CREATE TRIGGER time_entries_week_minutes_update AFTER UPDATE ON time_entries
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION keep_week_minutes();
CREATE TRIGGER time_entries_week_minutes_delete AFTER DELETE ON time_entries
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION keep_week_minutes();

INSERT INTO week_minutes (team_id, user_id, client_id, week, minutes)
SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date, sum(minutes)
FROM time_entries WHERE deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

-- +goose Down
DROP TRIGGER time_entries_week_minutes_insert ON time_entries;
DROP TRIGGER time_entries_week_minutes_update ON time_entries;
DROP TRIGGER time_entries_week_minutes_delete ON time_entries;
DROP FUNCTION keep_week_minutes();
DROP TABLE week_minutes;

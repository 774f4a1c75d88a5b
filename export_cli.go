package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// exportToDir is `tact export`: the operator's way to the same CSV files a
// manager gets in Slack, written into a folder.
func exportToDir(ctx context.Context, db *storage.DB, currency string, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("out", "", "the folder to write the CSV files into")
	team := fs.String("team", "", "the workspace (T…); needed only when the database holds several")
	client := fs.String("client", "", "one client's data only")
	if err := fs.Parse(args); err != nil || *out == "" {
		return usageError{errors.New("usage: tact export --out <dir> [--team T…] [--client <name>]")}
	}
	teamID, err := exportTeam(ctx, db, *team)
	if err != nil {
		return err
	}
	var clientID int64
	if *client != "" {
		clients, err := db.ListClients(ctx, teamID, true)
		if err != nil {
			return err
		}
		res := ledger.ResolveClient(clients, strings.Fields(*client))
		if !res.Found() {
			return usageError{fmt.Errorf("no single client matches %q", *client)}
		}
		clientID = res.Client.ID
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return fmt.Errorf("making %s: %w", *out, err)
	}
	var open []*os.File
	defer func() {
		for _, f := range open {
			_ = f.Close()
		}
	}()
	files, err := db.Export(ctx, storage.Delivery{TeamID: teamID, UserID: "operator"}, clientID, currency, func(name string) (io.Writer, error) {
		f, err := os.OpenFile(filepath.Join(*out, name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
		if err == nil {
			open = append(open, f)
		}
		return f, err
	})
	if err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintf(stdout, "%s\t%d rows\n", filepath.Join(*out, f.Name), f.Rows)
	}
	return nil
}

// exportTeam is the workspace to export: the one given, else the only one
// the database holds.
func exportTeam(ctx context.Context, db *storage.DB, given string) (string, error) {
	if given != "" {
		return given, nil
	}
	teams, err := db.Teams(ctx)
	if err != nil {
		return "", err
	}
	if len(teams) != 1 {
		return "", usageError{fmt.Errorf("the database holds %d workspaces (%s): name one with --team", len(teams), strings.Join(teams, ", "))}
	}
	return teams[0], nil
}

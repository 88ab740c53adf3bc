package main

// Why this file exists: FerretDB 1.24.2's SQLite backend keeps each collection
// in a table with one TEXT column, _ferretdb_sjson. It creates the unique _id
// index on the expression _ferretdb_sjson->"_id" (metadata/registry.go,
// indexesCreate), but every point query, every UpdateAll write-back
// (UPDATE … WHERE _ferretdb_sjson->'$._id' = ?) and DeleteAll use
// _ferretdb_sjson->'$._id' (metadata.IDColumn). SQLite only uses an expression
// index whose expression is the same, so all of them scan the whole table.
// Measured on 5,000 documents of ~1.5 KB: updateOne by _id went from 23/s to
// 627/s once an index on the expression the queries use existed.
//
// The keeper below adds that index, from a second SQLite connection, to every
// collection table of every database file FerretDB has in -dir, and keeps
// doing so for collections and databases created later. It only reads
// FerretDB's metadata table and only creates indexes of its own.
//
// A second connection is safe against everything FerretDB does except one
// thing SQLite itself warns about: deleting a database file while another
// connection has it open, then creating a new one under the same name (what
// dropDatabase followed by a write to that database does). The -wal and -shm
// files go by name, so the old connection and the new database would share
// them. The keeper therefore checks before every statement that the file is
// still the one it opened, and never closes a connection whose file was
// replaced (see releaseConnection). What remains is a drop and recreate that
// lands while one of our statements runs: a stress run that dropped and
// recreated three databases every few tens of milliseconds (12,000 cycles)
// showed no damage, where without the per-statement check 2 runs in 10 of
// 600 cycles each hit "database disk image is malformed".

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself links; registers "sqlite"
)

const (
	// idExpression must stay the same expression as FerretDB's
	// metadata.IDColumn, or SQLite will not pick the index.
	idExpression = `_ferretdb_sjson->'$._id'`
	// idIndexSuffix names our index "<table>_hookline_id". FerretDB names its
	// indexes "<table>_<index name>", so only a user index literally named
	// "hookline_id" could collide.
	idIndexSuffix = "_hookline_id"
	// metadataTable lists each database's collections (name, table_name, settings).
	metadataTable = "_ferretdb_collections"
	// busyTimeoutMs bounds how long one CREATE INDEX waits for FerretDB's
	// writers; on timeout the next pass simply tries again.
	busyTimeoutMs = 2000
)

// idIndexKeeper polls the data directory and indexes what is missing.
type idIndexKeeper struct {
	dir    string
	logger *slog.Logger
	// indexed holds each database file's state when a pass last found every
	// collection table indexed; a file still in that state is not reopened.
	indexed map[string]fileState
	// leaked keeps connections to database files that FerretDB dropped while
	// they were open, so they are never closed (see releaseConnection).
	leaked []*sql.Conn
}

// runIDIndexKeeper indexes the tables under dir every interval until ctx ends.
func runIDIndexKeeper(ctx context.Context, dir string, interval time.Duration, logger *slog.Logger) {
	k := &idIndexKeeper{dir: dir, logger: logger, indexed: map[string]fileState{}}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()

	for {
		k.pass(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// pass visits every database file once. Errors never stop the keeper: a file
// may vanish at any moment (dropDatabase), and the next pass retries the rest.
func (k *idIndexKeeper) pass(ctx context.Context) {
	files, err := listDatabaseFiles(k.dir)
	if err != nil {
		k.logger.Warn("id index keeper: cannot list the data directory", slog.String("error", err.Error()))
		return
	}

	present := make(map[string]bool, len(files))
	for _, file := range files {
		if ctx.Err() != nil {
			return
		}
		present[file] = true

		state, err := statDatabaseFile(file)
		if err != nil || state.empty() || k.indexed[file] == state {
			// Vanished, not yet initialised by FerretDB, or unchanged.
			continue
		}

		complete, err := k.indexFile(ctx, file, state)
		switch {
		case err != nil:
			delete(k.indexed, file)
			k.logger.Debug("id index keeper: will retry", slog.String("file", file), slog.String("error", err.Error()))
		case complete:
			k.indexed[file] = state
		default:
			delete(k.indexed, file) // we just wrote to it: check it once more
		}
	}

	for file := range k.indexed {
		if !present[file] {
			delete(k.indexed, file)
		}
	}
}

// indexFile reports whether every collection table in file already had our
// index; if not, it creates the missing ones.
func (k *idIndexKeeper) indexFile(ctx context.Context, file string, before fileState) (complete bool, err error) {
	db, err := sql.Open("sqlite", existingDatabaseURI(file))
	if err != nil {
		return false, fmt.Errorf("open %s: %w", file, err)
	}
	defer func() { _ = db.Close() }() // leaves alone a connection we took out with Conn

	conn, err := db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("connect to %s: %w", file, err)
	}
	defer k.releaseConnection(conn, file, before)

	// Each statement first checks that the file is still the one we opened:
	// once FerretDB has dropped and recreated it, the -shm file our
	// connection maps belongs to the new database, and any further statement
	// of ours would write into it.
	if err := ensureSameFile(file, before); err != nil {
		return false, err
	}
	tables, err := tablesMissingIDIndex(ctx, conn)
	if err != nil {
		return false, err
	}

	var errs []error
	for _, table := range tables {
		if err := ensureSameFile(file, before); err != nil {
			return false, errors.Join(append(errs, err)...)
		}
		if _, err := conn.ExecContext(ctx, createIDIndexStatement(table)); err != nil {
			// "no such table" when FerretDB dropped the collection meanwhile.
			errs = append(errs, fmt.Errorf("index %s in %s: %w", table, file, err))
			continue
		}
		k.logger.Debug("id index keeper: indexed", slog.String("file", file), slog.String("table", table))
	}
	return len(tables) == 0, errors.Join(errs...)
}

// releaseConnection closes conn unless FerretDB dropped the file while conn
// was open. Then FerretDB's own last close could not checkpoint (we still held
// a lock), so the old -wal and -shm files are still on disk under the names a
// recreated database of the same name uses; closing our connection now would
// checkpoint through that shared -shm and delete both files by name. A
// connection that is never closed does neither, and a recreated database
// discards the stale -wal (SQLite drops a -wal beside an empty database file)
// and reinitialises the -shm. Each kept connection costs three file
// descriptors and leaves its -wal and -shm files in -dir until the database
// is recreated. In that stress run about one drop in twenty overlapped a pass.
func (k *idIndexKeeper) releaseConnection(conn *sql.Conn, file string, before fileState) {
	if ensureSameFile(file, before) != nil {
		k.leaked = append(k.leaked, conn)
		k.logger.Debug("id index keeper: file replaced while open; keeping its connection", slog.String("file", file))
		return
	}
	_ = conn.Close()
}

var errFileReplaced = errors.New("database file was dropped or replaced")

func ensureSameFile(file string, before fileState) error {
	now, err := statDatabaseFile(file)
	if err != nil {
		return fmt.Errorf("%s: %w", file, errors.Join(errFileReplaced, err))
	}
	if !now.sameFile(before) {
		return fmt.Errorf("%s: %w", file, errFileReplaced)
	}
	return nil
}

// tablesMissingIDIndex lists the collection tables that exist and lack our
// index. FerretDB inserts the metadata row after CREATE TABLE and deletes it
// before DROP TABLE, but checking the table too costs nothing.
func tablesMissingIDIndex(ctx context.Context, conn *sql.Conn) ([]string, error) {
	q := fmt.Sprintf(`SELECT c.table_name FROM %s AS c
		WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = c.table_name)
		AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = c.table_name || ?)`,
		quoteIdentifier(metadataTable))

	rows, err := conn.QueryContext(ctx, q, idIndexSuffix)
	if err != nil {
		// Also "no such table" for a file FerretDB has not initialised yet.
		return nil, fmt.Errorf("list collection tables: %w", err)
	}
	defer func() { _ = rows.Close() }()

	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, fmt.Errorf("read collection tables: %w", err)
		}
		tables = append(tables, table)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read collection tables: %w", err)
	}
	return tables, nil
}

func createIDIndexStatement(table string) string {
	return fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
		quoteIdentifier(table+idIndexSuffix), quoteIdentifier(table), idExpression)
}

// quoteIdentifier makes any name a safe SQLite identifier.
func quoteIdentifier(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// existingDatabaseURI opens file read-write without ever creating it
// (mode=rw), and waits a little for FerretDB's writers instead of failing.
func existingDatabaseURI(file string) string {
	query := url.Values{}
	query.Set("mode", "rw")
	query.Set("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMs))
	u := url.URL{Scheme: "file", Path: file, RawQuery: query.Encode()}
	return u.String()
}

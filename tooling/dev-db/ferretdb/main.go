// Command hookline-ferretdb runs FerretDB 1.x on its SQLite backend for local
// development and tests. It exists because `go install` of FerretDB's own cmd
// panics (the published module lacks its generated version file), while the
// embeddable package works.
//
// It prints one line "READY <mongodb-uri>" on stdout once it listens, and
// exits when it receives SIGINT/SIGTERM or when its stdin closes, so a parent
// that dies without cleaning up never leaves it behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// idIndexPollInterval is how soon a new collection gets its _id index.
const idIndexPollInterval = 250 * time.Millisecond

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dir := flag.String("dir", "", "directory that holds the SQLite files (created if missing)")
	watchStdin := flag.Bool("exit-on-stdin-close", true, "exit when stdin reaches EOF")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	debugAddr := flag.String("debug-addr", "", "serve Go's pprof profiles on this address (off when empty)")
	idIndex := flag.Bool("id-index", true, "add an index on the _id expression FerretDB's queries use (see id_index.go)")
	flag.Parse()

	if *dir == "" {
		fail(fmt.Errorf("-dir is required"))
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail(fmt.Errorf("resolve -dir: %w", err))
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail(fmt.Errorf("create -dir: %w", err))
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(fmt.Errorf("-log-level: %w", err))
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if *debugAddr != "" {
		if err := serveProfiles(*debugAddr); err != nil {
			fail(err)
		}
	}

	// The SQLite URL must start with "file:" and end with "/" (a directory).
	// SQLite lets one writer in at a time; FerretDB's default busy timeout
	// (10 s) turns a long queue of writers under load (the 200-publisher
	// fault test on a busy machine) into errors, where waiting is right.
	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=busy_timeout(60000)",
	})
	if err != nil {
		fail(fmt.Errorf("start FerretDB: %w", err))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	// Started after ferretdb.New has opened the existing database files, and
	// waited for, so that it never outlives the server.
	keeperDone := make(chan struct{})
	go func() {
		defer close(keeperDone)
		if *idIndex {
			runIDIndexKeeper(ctx, abs, idIndexPollInterval, logger)
		}
	}()

	fmt.Printf("READY %s\n", db.MongoDBURI())

	runErr := db.Run(ctx)
	stop()
	<-keeperDone
	if runErr != nil {
		fail(fmt.Errorf("run FerretDB: %w", runErr))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hookline-ferretdb:", err)
	os.Exit(1)
}

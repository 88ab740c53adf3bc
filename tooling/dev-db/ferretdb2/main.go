// Command hookline-ferretdb2 runs PostgreSQL with the DocumentDB extension and
// FerretDB 2.x in front of it, as one unit: it starts `postgres` on an
// initialised data directory as its own child, creates the extension on first
// start, then serves the MongoDB wire protocol. tooling/dev-db initialises the
// cluster and builds the extensions; this process owns the two servers' lives.
//
// Like hookline-ferretdb (1.x on SQLite), it prints one line
// "READY <mongodb-uri>" on stdout once it listens, and exits on SIGINT/SIGTERM
// or when its stdin closes, so a parent that dies without cleaning up (even a
// SIGKILL) never leaves it behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"os/user"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/v2/ferretdb"
)

// readyTimeout bounds how long we wait for the listener before giving up.
const readyTimeout = 60 * time.Second

// postgresStopGrace is how long a fast shutdown may take before SIGQUIT.
const postgresStopGrace = 20 * time.Second

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	postgresBinary := flag.String("postgres", "", "path of the postgres server binary (required)")
	pgData := flag.String("pgdata", "", "initialised PostgreSQL data directory (required)")
	pgPort := flag.Int("pg-port", 0, "loopback TCP port for PostgreSQL (required)")
	pgLog := flag.String("pg-log", "", "file that receives PostgreSQL's log (required)")
	stateDir := flag.String("state-dir", "", "directory for FerretDB's small state file (required)")
	var pgOptions repeated
	flag.Var(&pgOptions, "pg-option", "a `name=value` PostgreSQL setting (repeatable)")
	watchStdin := flag.Bool("exit-on-stdin-close", true, "exit when stdin reaches EOF")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	if *postgresBinary == "" || *pgData == "" || *pgPort == 0 || *pgLog == "" || *stateDir == "" {
		fail(fmt.Errorf("-postgres, -pgdata, -pg-port, -pg-log and -state-dir are required"))
	}
	if err := os.MkdirAll(*stateDir, 0o755); err != nil {
		fail(fmt.Errorf("create -state-dir: %w", err))
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail(fmt.Errorf("-log-level: %w", err))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	logFile, err := os.OpenFile(*pgLog, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fail(fmt.Errorf("open -pg-log: %w", err))
	}
	options := append([]string{"listen_addresses=127.0.0.1", fmt.Sprintf("port=%d", *pgPort)}, pgOptions...)
	postgres, err := startPostgres(*postgresBinary, *pgData, options, logFile)
	if err != nil {
		fail(err)
	}
	// Every exit path below stops PostgreSQL first.
	failAfterPostgres := func(err error) {
		_ = postgres.stop(postgresStopGrace)
		fail(err)
	}
	postgresURL := fmt.Sprintf("postgres://%s@127.0.0.1:%d/postgres?sslmode=disable", currentUser(), *pgPort)
	conn, err := postgres.waitReady(ctx, postgresURL, readyTimeout)
	if err != nil {
		failAfterPostgres(fmt.Errorf("%w (log: %s)", err, *pgLog))
	}
	if err := ensureDocumentDB(ctx, conn); err != nil {
		failAfterPostgres(err)
	}
	_ = conn.Close(ctx)

	telemetry := false // a development database never reports anywhere
	db, err := ferretdb.New(&ferretdb.Config{
		PostgreSQLURL: postgresURL,
		ListenAddr:    *listen,
		StateDir:      *stateDir,
		LogLevel:      level,
		LogOutput:     os.Stderr,
		Telemetry:     &telemetry,
	})
	if err != nil {
		failAfterPostgres(fmt.Errorf("start FerretDB: %w", err))
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		db.Run(ctx)
	}()

	// MongoDBURI blocks until Run has opened the listener; announce it only
	// once a TCP connection is accepted, so the parent's first client succeeds.
	uriReady := make(chan string, 1)
	go func() { uriReady <- db.MongoDBURI() }()
	select {
	case uri := <-uriReady:
		if err := waitListening(uri, readyTimeout); err != nil {
			failAfterPostgres(err)
		}
		fmt.Printf("READY %s\n", uri)
	case <-done:
		failAfterPostgres(fmt.Errorf("FerretDB stopped before it listened"))
	case <-time.After(readyTimeout):
		failAfterPostgres(fmt.Errorf("FerretDB did not listen within %s", readyTimeout))
	}

	// Either FerretDB ends (signal, stdin closed) or PostgreSQL dies under it.
	select {
	case <-done:
	case <-postgres.exited:
		stop()
		<-done
		fail(fmt.Errorf("postgres exited (%v); see %s", postgres.err, *pgLog))
	}
	if err := postgres.stop(postgresStopGrace); err != nil {
		fail(err)
	}
}

// repeated collects a flag given several times.
type repeated []string

func (r *repeated) String() string     { return fmt.Sprint(*r) }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func currentUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "postgres"
}

func waitListening(uri string, timeout time.Duration) error {
	host := uri[len("mongodb://"):]
	host = host[:len(host)-1] // trailing "/"
	deadline := time.Now().Add(timeout)
	for {
		conn, err := net.DialTimeout("tcp", host, time.Second)
		if err == nil {
			return conn.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("FerretDB listener %s not reachable: %w", host, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "hookline-ferretdb2:", err)
	os.Exit(1)
}

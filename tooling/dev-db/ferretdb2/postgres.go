package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresServer is the PostgreSQL postmaster this process started and owns.
type postgresServer struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

// startPostgres runs `postgres -D dataDir -c …` as our child. The child gets
// SIGINT (fast shutdown) when this process dies for any reason, even SIGKILL,
// through the kernel's parent-death signal. Go delivers that signal when the
// OS thread that forked the child exits, so the fork happens on a thread that
// stays locked for the life of the process.
func startPostgres(binary, dataDir string, options []string, logFile *os.File) (*postgresServer, error) {
	args := []string{"-D", dataDir}
	for _, option := range options {
		args = append(args, "-c", option)
	}
	server := &postgresServer{exited: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives as long as the child may
		server.cmd = exec.Command(binary, args...)
		server.cmd.Stdout = logFile
		server.cmd.Stderr = logFile
		server.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT, Setpgid: true}
		if err := server.cmd.Start(); err != nil {
			started <- fmt.Errorf("start postgres: %w", err)
			return
		}
		started <- nil
		server.err = server.cmd.Wait()
		close(server.exited)
		select {} // keep this thread (the child's parent-death anchor) alive
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return server, nil
}

// waitReady connects until PostgreSQL accepts connections or gives up.
func (s *postgresServer) waitReady(ctx context.Context, url string, timeout time.Duration) (*pgx.Conn, error) {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case <-s.exited:
			return nil, fmt.Errorf("postgres exited during start-up (%v); see its log", s.err)
		default:
		}
		attemptCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
		conn, err := pgx.Connect(attemptCtx, url)
		cancel()
		if err == nil {
			return conn, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("postgres not ready within %s: %w", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop asks for a fast shutdown, then kills the postmaster after grace.
func (s *postgresServer) stop(grace time.Duration) error {
	select {
	case <-s.exited:
		return nil
	default:
	}
	if err := s.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal postgres: %w", err)
	}
	select {
	case <-s.exited:
		return nil
	case <-time.After(grace):
		_ = s.cmd.Process.Signal(syscall.SIGQUIT) // immediate shutdown: the postmaster ends its children
		<-s.exited
		return fmt.Errorf("postgres did not stop within %s; sent SIGQUIT", grace)
	}
}

// ensureDocumentDB creates the extension (and, by CASCADE, pg_cron, vector,
// postgis, rum, tsm_system_rows) the first time a cluster starts, then the
// extended RUM index access method, which needs DocumentDB's schemas and
// roles; a cluster made before that method was built gets it at its next start.
func ensureDocumentDB(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS documentdb CASCADE"); err != nil {
		return fmt.Errorf("create extension documentdb: %w", err)
	}
	if _, err := conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS documentdb_extended_rum"); err != nil {
		return fmt.Errorf("create extension documentdb_extended_rum: %w", err)
	}
	return nil
}

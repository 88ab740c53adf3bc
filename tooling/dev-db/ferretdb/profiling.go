package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
)

// serveProfiles serves Go's pprof endpoints on addr, so a benchmark that
// finds the database slow can name where its time goes (the SQLite engine
// FerretDB links is Go code too, so its work shows in the same profile).
func serveProfiles(addr string) error {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for -debug-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go func() { _ = http.Serve(listener, mux) }()
	return nil
}

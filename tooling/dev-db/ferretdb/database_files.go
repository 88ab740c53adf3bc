package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// databaseFileExtension is how FerretDB's SQLite backend names a database:
// "<dir>/<database name>.sqlite".
const databaseFileExtension = ".sqlite"

// listDatabaseFiles returns the database files in dir. It reads the directory
// instead of globbing so that glob characters in dir's own path are harmless.
func listDatabaseFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var files []string
	for _, entry := range entries {
		if entry.Type().IsRegular() && strings.HasSuffix(entry.Name(), databaseFileExtension) {
			files = append(files, filepath.Join(dir, entry.Name()))
		}
	}
	sort.Strings(files)
	return files, nil
}

// fileState identifies a file's content cheaply: any write FerretDB makes
// changes the size or modification time of the database file or of its -wal.
type fileState struct {
	main statSummary
	wal  statSummary // zero when there is no -wal
}

type statSummary struct {
	device, inode uint64
	size          int64
	modifiedNs    int64
}

func statDatabaseFile(file string) (fileState, error) {
	main, err := summarize(file)
	if err != nil {
		return fileState{}, err
	}
	wal, err := summarize(file + "-wal")
	if err != nil && !os.IsNotExist(err) {
		return fileState{}, err
	}
	return fileState{main: main, wal: wal}, nil
}

func summarize(path string) (statSummary, error) {
	info, err := os.Stat(path)
	if err != nil {
		return statSummary{}, err
	}
	summary := statSummary{size: info.Size(), modifiedNs: info.ModTime().UnixNano()}
	if sys, ok := info.Sys().(*syscall.Stat_t); ok {
		summary.device, summary.inode = uint64(sys.Dev), sys.Ino
	}
	return summary, nil
}

// empty reports a database file FerretDB has created but not yet written:
// there is nothing to index, and opening it would only get in the way.
func (s fileState) empty() bool {
	return s.main.size == 0
}

// sameFile reports whether both states describe the same database file, not
// one that was deleted and recreated under the same name in between.
func (s fileState) sameFile(other fileState) bool {
	return s.main.device == other.main.device && s.main.inode == other.main.inode
}

// Command ferretdb-embedded runs FerretDB (SQLite backend) as a local MongoDB-compatible
// server for development and tests. Built by scripts/db/ferretdb-build.ts and started by scripts/db/launcher.ts.
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
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dataDir := flag.String("data", ".data/db", "directory for the SQLite database files")
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free one)")
	// FerretDB logs every failed command (even a client's endSessions) in full at "warn".
	logLevel := flag.String("log-level", "error", "FerretDB log level: debug, info, warn, error")
	stdinEOF := flag.Bool("exit-on-stdin-eof", false, "shut down when stdin closes (the parent died)")
	flag.Parse()

	// The Go collector at its default (GOGC=100) took about a fifth of this process's CPU
	// under a steady stream of documents (each is decoded into many small values), and a
	// busy job competes with it for the same two cores. The live heap is tens of MB, so
	// letting it grow to nine times that before collecting costs little memory (the aftercare
	// bench's job ran about 5 % faster at 800 than at 400). A soft limit of 1 GiB makes the
	// collector work harder instead of letting a larger live heap grow ninefold. GOGC and
	// GOMEMLIMIT set in the environment still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level: %v", err)
	}
	abs, err := filepath.Abs(*dataDir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		fail("data dir: %v", err)
	}

	// FerretDB reports its own version only for its official builds; take it from the
	// module graph so buildInfo.ferretdbVersion is not "unknown" (no ldflags needed).
	ferretVersion := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "github.com/FerretDB/FerretDB" {
				ferretVersion = dep.Version
			}
		}
	}
	version.Get().Version = ferretVersion

	f, err := ferretdb.New(&ferretdb.Config{
		Handler: "sqlite",
		// WAL with synchronous=NORMAL (SQLite's recommended pairing): a commit no longer
		// waits for an fsync of the WAL. A crash of this process or of node loses nothing;
		// a power cut may lose the last commits. Per-document updates, which FerretDB
		// commits one by one, run 3-5x faster. Production runs on MongoDB, not this.
		// _txlock=immediate: every transaction starts with BEGIN IMMEDIATE, taking the write
		// lock up front. Our patched updates read and then write in one transaction; a
		// deferred one could not upgrade to writing once another connection had committed.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(normal)&_txlock=immediate",
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
	})
	if err != nil {
		fail("start: %v", err)
	}

	if prefix := os.Getenv("FERRETDB_CPU_PROFILE"); prefix != "" {
		go profileOnSignal(prefix)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *stdinEOF {
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); stop() }()
	}
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	uri := f.MongoDBURI() // blocks until the TCP listener exists; gives the real port
	addr := uri[len("mongodb://") : len(uri)-1]
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, dialErr := net.DialTimeout("tcp", addr, time.Second)
		if dialErr == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			fail("listener %s not reachable: %v", addr, dialErr)
		}
	}
	fmt.Printf("READY %s ferretdb %s\n", uri, ferretVersion)

	if err := <-done; err != nil {
		fail("run: %v", err)
	}
}

// profileOnSignal: with FERRETDB_CPU_PROFILE=<prefix>, each SIGUSR1 starts a Go CPU profile
// of this process and the next one writes it to <prefix>.<n> (go tool pprof <binary> <file>).
// For benchmarks, which profile just the measured part; off unless asked for.
func profileOnSignal(prefix string) {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGUSR1)
	var out *os.File
	for n := 1; ; {
		<-signals
		if out != nil {
			pprof.StopCPUProfile()
			out.Close()
			out = nil
			n++
			continue
		}
		f, err := os.Create(fmt.Sprintf("%s.%d", prefix, n))
		if err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb-embedded: cpu profile: %v\n", err)
			continue
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb-embedded: cpu profile: %v\n", err)
			f.Close()
			continue
		}
		out = f
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-embedded: "+format+"\n", args...)
	os.Exit(1)
}

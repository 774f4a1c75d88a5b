package dialogs

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// importBenchRows is the size of a year of a 40-person agency's Harvest
// report, give or take.
const importBenchRows = 100_000

// writeHarvest writes a Harvest detailed time report of n rows over a year,
// 50 clients and 40 people, to a temporary file.
func writeHarvest(b *testing.B, n int) *exportFile {
	b.Helper()
	f, err := os.CreateTemp(b.TempDir(), "harvest-*.csv")
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL")
	start := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		day := start.AddDate(0, 0, i%365).Format(time.DateOnly)
		fmt.Fprintf(w, "%s,Client %02d,Retainer,R-%d,Development,Entry %d,%d.%02d,1.5,Yes,No,Yes,Person,No%02d,Developer,Yes,100.00,150.00,50.00,75.00,US Dollar - USD,\n",
			day, i%50, i%50, i, 1+i%7, (i*25)%100, i%40)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return &exportFile{Name: "harvest.csv", f: f}
}

// peakHeap samples the heap in use until stop, and returns the most seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); sample(); return peak.Load() }
}

// BenchmarkImport100k previews and imports a 100,000-row Harvest report
// into a real PostgreSQL, as the confirm step does: the preview's pass,
// then the resolving pass streamed into one import. It reports rows per
// second and the peak heap.
func BenchmarkImport100k(b *testing.B) {
	db := storagetest.New(b)
	ctx := context.Background()
	const team = "T0BENCH"
	if _, err := db.X().Exec(`INSERT INTO departments (team_id, name) VALUES ($1, 'dev')`, team); err != nil {
		b.Fatal(err)
	}
	for i := range 50 {
		if _, err := db.X().Exec(`INSERT INTO clients (team_id, name, created_by) VALUES ($1, $2, 'U1')`, team, fmt.Sprintf("Client %02d", i)); err != nil {
			b.Fatal(err)
		}
	}
	file := writeHarvest(b, importBenchRows)
	defer file.Close()
	dir := &imports.Directory{Currency: "USD", Departments: []string{"dev"}}
	clients, err := db.ListClients(ctx, team, true)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range clients {
		dir.Clients = append(dir.Clients, imports.Client{ID: c.ID, Name: c.Name})
	}
	now := imports.Choices{People: map[string]imports.PersonChoice{}}
	for i := range 40 {
		now.People[imports.Key(fmt.Sprintf("Person No%02d", i))] = imports.PersonChoice{Department: "dev"}
	}
	runtime.GC()
	b.ResetTimer()
	var peak uint64
	for i := range b.N {
		stop := peakHeap()
		plan, err := planFile(file, "USD", dir, now)
		if err != nil || plan.Valid != importBenchRows {
			b.Fatalf("preview: %d valid, %v", plan.Valid, err)
		}
		rd, err := file.Reader("USD")
		if err != nil {
			b.Fatal(err)
		}
		var done atomic.Int64
		d := storage.Delivery{TeamID: team, UserID: "U1", Key: fmt.Sprintf("bench-%d", i)}
		imp, err := db.SaveImport(ctx, d, storage.ImportInput{Kind: imports.KindHours, Format: rd.Format, FileName: "harvest.csv", Channel: "C1"},
			resolvedRows(rd, dir, now, &done))
		if err != nil || imp.Added+imp.Present != importBenchRows {
			b.Fatalf("import: %+v, %v", imp, err)
		}
		peak = max(peak, stop())
		b.StopTimer()
		// Each round imports the file afresh.
		if _, err := db.UndoImport(ctx, storage.Delivery{TeamID: team, UserID: "U1"}, imp.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(importBenchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// sample is one measured run: a RESULT line of wrk or pingpong, tagged by run.sh.
type sample struct {
	rps, p50, p99 float64
	errors        int
	requests      float64
	seconds       float64
	cpuSeconds    float64 // of the intermediary's processes during the run; 0 for direct
	otherSeconds  float64 // CPU of every process that is not part of the benchmark
}

// runTable reads run.sh's results file (tab separated: group, target, round, rps, p50_us, p99_us,
// errors, requests, seconds, cpu_seconds, other_cpu_seconds) and prints, per group, each target's
// medians over rounds and their ratios to the group's first target, the baseline.
func runTable(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: httpbench table RESULTS.tsv")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()

	var groups []string
	targets := map[string][]string{}
	samples := map[string]map[string][]sample{}
	scanner := bufio.NewScanner(f)
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != 11 {
			return fmt.Errorf("%s:%d: want 11 tab-separated fields, got %d", args[0], line, len(fields))
		}
		group, target := fields[0], fields[1]
		var nums [8]float64
		for i, field := range fields[3:] {
			if nums[i], err = strconv.ParseFloat(field, 64); err != nil {
				return fmt.Errorf("%s:%d: %v", args[0], line, err)
			}
		}
		s := sample{rps: nums[0], p50: nums[1], p99: nums[2], errors: int(nums[3]), requests: nums[4],
			seconds: nums[5], cpuSeconds: nums[6], otherSeconds: nums[7]}
		if s.seconds <= 0 || s.requests <= 0 {
			return fmt.Errorf("%s:%d: a run without requests or duration", args[0], line)
		}
		if samples[group] == nil {
			groups = append(groups, group)
			samples[group] = map[string][]sample{}
		}
		if samples[group][target] == nil {
			targets[group] = append(targets[group], target)
		}
		samples[group][target] = append(samples[group][target], s)
	}
	if err := scanner.Err(); err != nil {
		return err
	}

	for _, group := range groups {
		fmt.Printf("\n%s\n", group)
		fmt.Printf("  %-11s %9s %17s %9s %9s   %7s %7s %7s   %6s %10s %8s  %6s\n",
			"target", "req/s", "(min-max)", "p50 us", "p99 us", "req/s x", "p50 x", "p99 x",
			"cpu %", "cpu us/req", "others %", "errors")
		var base [3]float64
		for i, target := range targets[group] {
			runs := samples[group][target]
			rps := median(runs, func(s sample) float64 { return s.rps })
			p50 := median(runs, func(s sample) float64 { return s.p50 })
			p99 := median(runs, func(s sample) float64 { return s.p99 })
			cpuPercent := median(runs, func(s sample) float64 { return 100 * s.cpuSeconds / s.seconds })
			othersPercent := median(runs, func(s sample) float64 { return 100 * s.otherSeconds / s.seconds })
			cpuPerRequest := median(runs, func(s sample) float64 { return 1e6 * s.cpuSeconds / s.requests })
			lo, hi := spread(runs)
			errs := 0
			for _, s := range runs {
				errs += s.errors
			}
			if i == 0 {
				base = [3]float64{rps, p50, p99}
			}
			cpu, perRequest := "-", "-"
			if cpuPercent > 0 {
				cpu, perRequest = fmt.Sprintf("%.0f", cpuPercent), fmt.Sprintf("%.1f", cpuPerRequest)
			}
			fmt.Printf("  %-11s %9.0f %17s %9.1f %9.1f   %7s %7s %7s   %6s %10s %8.0f  %6d\n",
				target, rps, fmt.Sprintf("(%.0f-%.0f)", lo, hi), p50, p99,
				ratio(rps, base[0]), ratio(p50, base[1]), ratio(p99, base[2]), cpu, perRequest, othersPercent, errs)
		}
	}
	return nil
}

func median(runs []sample, metric func(sample) float64) float64 {
	values := make([]float64, len(runs))
	for i, s := range runs {
		values[i] = metric(s)
	}
	sort.Float64s(values)
	n := len(values)
	if n%2 == 1 {
		return values[n/2]
	}
	return (values[n/2-1] + values[n/2]) / 2
}

func spread(runs []sample) (lo, hi float64) {
	lo, hi = runs[0].rps, runs[0].rps
	for _, s := range runs[1:] {
		if s.rps < lo {
			lo = s.rps
		}
		if s.rps > hi {
			hi = s.rps
		}
	}
	return lo, hi
}

func ratio(v, base float64) string {
	if base == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", v/base)
}

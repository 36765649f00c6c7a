package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// runTable reads result lines ("label<TAB>metric<TAB>value<TAB>unit", one per round) and prints,
// per metric, the median of each label and the ratio of every other label to the baseline.
func runTable(args []string) error {
	fs := flag.NewFlagSet("table", flag.ExitOnError)
	baseline := fs.String("baseline", "stunnel", "label the ratios divide by")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return fmt.Errorf("give one results file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()

	type key struct{ metric, label string }
	values := map[key][]float64{}
	units := map[string]string{}
	var metrics, labels []string
	scanner := bufio.NewScanner(f)
	for line := 1; scanner.Scan(); line++ {
		text := scanner.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != 4 {
			return fmt.Errorf("%s:%d: want label, metric, value, unit separated by tabs", fs.Arg(0), line)
		}
		v, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", fs.Arg(0), line, err)
		}
		label, metric := fields[0], fields[1]
		if _, ok := units[metric]; !ok {
			metrics = append(metrics, metric)
			units[metric] = fields[3]
		}
		if !contains(labels, label) {
			labels = append(labels, label)
		}
		values[key{metric, label}] = append(values[key{metric, label}], v)
	}
	if err := scanner.Err(); err != nil {
		return err
	}
	var others []string
	for _, l := range labels {
		if l != *baseline {
			others = append(others, l)
		}
	}

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := "metric\tunit\tbetter\t"
	for _, l := range others {
		header += l + "\t"
	}
	header += *baseline + "\t"
	for _, l := range others {
		header += l + "/" + *baseline + "\t"
	}
	header += "runs (" + strings.Join(append(append([]string{}, others...), *baseline), " | ") + ")\t"
	fmt.Fprintln(w, header)
	for _, m := range metrics {
		row := m + "\t" + units[m] + "\t" + better(units[m]) + "\t"
		for _, l := range append(append([]string{}, others...), *baseline) {
			row += format(median(values[key{m, l}])) + "\t"
		}
		base := median(values[key{m, *baseline}])
		for _, l := range others {
			row += ratio(median(values[key{m, l}]), base) + "\t"
		}
		var runs []string
		for _, l := range append(append([]string{}, others...), *baseline) {
			var vs []string
			for _, v := range values[key{m, l}] {
				vs = append(vs, format(v))
			}
			runs = append(runs, strings.Join(vs, " "))
		}
		row += strings.Join(runs, " | ") + "\t"
		fmt.Fprintln(w, row)
	}
	return w.Flush()
}

func better(unit string) string {
	switch unit {
	case "ms", "count":
		return "lower"
	default:
		return "higher"
	}
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return -1
	}
	s := append([]float64{}, vs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(v, base float64) string {
	if v < 0 || base <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", v/base)
}

func format(v float64) string {
	switch {
	case v < 0:
		return "-"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

package io.debugproxy.proxy.doctor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Everything {@code proxy doctor} found, in the order it was checked. */
public record DoctorReport(List<Check> checks) {

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    /** True when some check failed: {@code proxy doctor} then exits 1. */
    public boolean failed() {
        return checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL);
    }

    /** How many checks ended with each verdict. */
    public Map<Verdict, Long> counts() {
        return checks.stream().collect(Collectors.groupingBy(Check::verdict, TreeMap::new, Collectors.counting()));
    }

    /** The checks about {@code subjectName}. */
    public List<Check> about(String subjectName) {
        return checks.stream().filter(c -> c.subject().name().equals(subjectName)).toList();
    }
}

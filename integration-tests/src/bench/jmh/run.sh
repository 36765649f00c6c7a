#!/usr/bin/env bash
# JMH benchmarks of the proxy's inner loops (proxy-core's *Benchmark classes, beside its tests):
#   - RequestHeadersBenchmark: the forwarded-header policy per request and the localhost rewrite per
#     response, against copying the same headers (the baseline every proxy pays);
#   - ProtocolSnifferBenchmark: telling JSON-RPC, DAP, TLS and HTTP apart on the mux port, against
#     reading one byte (what Delve does), and the byte-at-a-time worst case.
# Each benchmark's baseline runs in the same JVM, so compare within one run; the script prints the
# ratios at the end.
#
#   bash integration-tests/src/bench/jmh/run.sh                 # all, ~3 minutes
#   bash integration-tests/src/bench/jmh/run.sh Sniffer -f 1    # a regex of benchmarks, then JMH options
#
# Builds what it needs (mvn test-compile of proxy-core and what it depends on), nothing else.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
results="${RESULTS:-/tmp/jmh-results.csv}"
cd "$repo"

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 2; }
done

echo "== building proxy-core's tests (JMH code is generated at test-compile)" >&2
mvn -B -q -Dstyle.color=never -pl proxy-core -am -DskipTests install >&2
cp_file="$repo/proxy-core/target/jmh.classpath"
mvn -B -q -Dstyle.color=never -pl proxy-core dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >&2
classpath="$repo/proxy-core/target/test-classes:$repo/proxy-core/target/classes:$(cat "$cp_file")"

echo "== running JMH (results: $results)" >&2
java -cp "$classpath" org.openjdk.jmh.Main -rf csv -rff "$results" "${@:-io.debugproxy}"

# Ratios against each class's baseline, from JMH's CSV (names quoted, no commas in them; score in column 5).
echo
echo "ratios to the baseline of the same run (ns/op; x = benchmark / baseline):"
awk -F',' '
  NR > 1 {
    gsub(/"/, "", $1); name = $1; score = $5 + 0
    n = split(name, parts, "."); method = parts[n]; klass = parts[n - 1]
    scores[klass "." method] = score; order[++count] = klass "." method
  }
  END {
    base["RequestHeadersBenchmark.forwardedFromClient"] = "RequestHeadersBenchmark.copyOnly"
    base["RequestHeadersBenchmark.forwardedFromTrustedProxy"] = "RequestHeadersBenchmark.copyOnly"
    base["RequestHeadersBenchmark.rewriteRedirect"] = "RequestHeadersBenchmark.responseCopyOnly"
    base["RequestHeadersBenchmark.rewriteNothingToDo"] = "RequestHeadersBenchmark.ordinaryCopyOnly"
    for (i = 1; i <= count; i++) {
      key = order[i]; b = base[key]
      if (b == "" && key ~ /^ProtocolSnifferBenchmark\./ && key != "ProtocolSnifferBenchmark.firstByteOnly") {
        b = "ProtocolSnifferBenchmark.firstByteOnly"
      }
      if (b != "" && (b in scores) && scores[b] > 0) {
        printf "  %-50s %10.1f ns  %6.1fx %s (%.1f ns)\n", key, scores[key], scores[key] / scores[b], b, scores[b]
      } else {
        printf "  %-50s %10.1f ns  (baseline)\n", key, scores[key]
      }
    }
  }' "$results"

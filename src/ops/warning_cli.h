/* ops/warning_cli.h — `gridwork warnings-eval`: how the two tests for a sudden rise (EARS C2 and the
 * Poisson tail) behave on a database's own history — alarms on the history as it is (false alarms, on
 * a history with no outbreak in it, such as the demo's) and the share of planted rises of +3, +5 and +8
 * reports on one day that each detects. This is how the job's test was chosen (docs/benchmarks.md).
 *
 * gridwork warnings-eval --db URL [--days N (30)]
 * Returns the process exit code. */
#ifndef GW_OPS_WARNING_CLI_H
#define GW_OPS_WARNING_CLI_H

int gw_warning_cli(int argc, char **argv);

#endif

/* ops/place_cli.h — `gridwork places ...`: the gazetteer from the command line. */
#ifndef GW_OPS_PLACE_CLI_H
#define GW_OPS_PLACE_CLI_H

/* gridwork places import --db URL [--coord wgs84|gcj02] FILE (CSV or .xlsx, see docs/operations.md):
 * all rows or none, as the API's import, audited as the command line (no user). argv holds the
 * words after "places". Prints what happened; returns the exit status (0 imported, 1 refused or
 * failed, 2 usage). */
int gw_place_cli(int argc, char **argv);

#endif

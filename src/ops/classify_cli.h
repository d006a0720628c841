/* ops/classify_cli.h — `gridwork train` and `gridwork classify-eval`: the text classifier
 * (insight/classify.h) from the command line. */
#ifndef GW_OPS_CLASSIFY_CLI_H
#define GW_OPS_CLASSIFY_CLI_H

/* gridwork train --csv FILE --text-col C --label-col L [--dev FILE] [--out MODEL] [--seed N]
 *                [--hash-bits B] [--ngrams MIN-MAX] [--epochs E] [--lr X] [--l2 X] [--db URL]
 * gridwork train --from-tickets --db URL [--dev-share PCT] [--seed N]
 * gridwork classify-eval --csv FILE [--text-col C] [--label-col L] (--model MODEL | --db URL)
 * cmd is "train" or "classify-eval"; argv holds the words after it. Prints what happened; returns the
 * exit status (0 done, 1 failed, 2 usage). */
int gw_classify_cli(const char *cmd, int argc, char **argv);

#endif

/* bench: `pavilion bench`, linked into the pavilion program only (not into the engine
 * library); app/main.c is the one file that includes it. Main thread only. */
#ifndef PV_BENCH_H
#define PV_BENCH_H

/* argv[1] is "bench"; its options follow. Returns the exit code. */
int bench_main(int argc, char **argv);

#endif

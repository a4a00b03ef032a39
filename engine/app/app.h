/* app: the visit (navigation, transitions, hotspots), and the commands run, shot, check, bench.
 * Main thread only. */
#ifndef PV_APP_H
#define PV_APP_H

int app_main(int argc, char **argv);

#endif

/* app: the visit (navigation, transitions, hotspots), and the commands run, shot, check, bench.
 * Main thread only. */
#ifndef PV_APP_H
#define PV_APP_H

int app_main(int argc, char **argv);
/* `pavilion check`: validates a scene and its files, prints problems; 0 when there is no error. */
int app_check(const char *scene_path);

#endif

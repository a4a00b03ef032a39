/* app: the composition root: the viewer around the visit, and the commands run, shot and
 * check (`tile` is author/'s, `bench` bench/'s). Main thread only. */
#ifndef PV_APP_H
#define PV_APP_H

/* The command line: run (the demo without a scene), shot, check, tile. */
int app_main(int argc, char **argv);
/* A data file the program ships (`rel` such as "demo/expo.json"), found from the program's own
 * location: beside it (the build tree: build/demo) or in PAVILION_DATA_FROM_BIN, the data
 * folder relative to the installed program (../share/pavilion). NULL when neither has it;
 * the caller frees. */
char *app_data_path(const char *rel);
/* The folder of the running program (the caller frees), NULL when it cannot be read. */
char *app_exe_dir(void);
/* `pavilion check`: validates a scene and its files, prints problems; 0 when there is no error. */
int app_check(const char *scene_path);

#endif

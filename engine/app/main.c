/* pavilion: the command line. Main thread only. */
#include "app/app.h"

int main(int argc, char **argv) { return app_main(argc, argv); }

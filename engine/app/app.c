/* app: command dispatch. Main thread. (Being written.) */
#include "app/app.h"
#include "core/core.h"

int app_main(int argc, char **argv) { return 0; }

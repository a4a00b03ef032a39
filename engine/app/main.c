/* pavilion: the command line. `pavilion bench` runs the benchmark (bench/, part of this
 * program, not of the engine library); everything else is app_main's. Main thread only. */
#include "app/app.h"
#include "bench/bench.h"

#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "bench") == 0)
        return bench_main(argc, argv);
    return app_main(argc, argv);
}

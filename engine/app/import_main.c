/* pavilion-import: the helper process that imports one booth model for pavilion (Assimp and
 * the texture decoders run here, limited, so that a broken model cannot take the viewer
 * down); see engine/asset/model_child.c. Built twice: as the installed helper, and for tests
 * as pavilion-import-test with PAVILION_IMPORT_TEST_HOOKS, whose environment variable
 * PAVILION_IMPORT_TEST (abort, spin, sleep, hog, garbage) makes it misbehave on purpose.
 * The shipped helper contains no hooks. Single-threaded. */
#include "asset/model.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef PAVILION_IMPORT_TEST_HOOKS
static void test_hook(int argc, char **argv)
{
    const char *hook = getenv("PAVILION_IMPORT_TEST");
    if (!hook || !*hook || argc != 10)
        return;
    asset_model_helper_limits(atoi(argv[8]), atoi(argv[9]));
    if (strcmp(hook, "abort") == 0)
        abort();
    if (strcmp(hook, "spin") == 0) /* burns CPU: the CPU limit (SIGXCPU) ends it */
        for (volatile unsigned long i = 0;; i++) {
        }
    if (strcmp(hook, "sleep") == 0) /* uses no CPU: the parent's wall clock ends it */
        for (;;)
            pause();
    if (strcmp(hook, "hog") == 0) /* allocates and touches memory until refused */
        for (;;) {
            char *p = pv_malloc(16u << 20);
            memset(p, 1, 16u << 20);
        }
    if (strcmp(hook, "garbage") == 0) { /* a well-formed start, then lies */
        static const char lie[] = "PVIMPRT1\0\0\0\0\0\0\0\0\0\0\0\0\xff\xff\xff\x7f";
        (void)!write(3, lie, sizeof(lie) - 1);
        exit(0);
    }
}
#endif

int main(int argc, char **argv)
{
#ifdef PAVILION_IMPORT_TEST_HOOKS
    test_hook(argc, argv);
#endif
    return asset_model_helper_main(argc, argv);
}
